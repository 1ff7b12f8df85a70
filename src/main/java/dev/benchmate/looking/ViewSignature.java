package dev.benchmate.looking;

import dev.benchmate.media.Picture;

/**
 * A coarse colour thumbnail of a picture (128 columns, rows to its shape: 10x10-pixel cells at
 * 1280x720, 15x15 at 1920x1080), for telling whether the camera still sees what it saw: two views
 * are the same where no cell's mean blue, green or red differs by more than a threshold (colour,
 * not only grey: a red part and a green one of the same brightness are two views). A cell averages many
 * pixels, so sensor noise moves it by well under one level, while a part put down, a hand, or a
 * segment that lights on a display moves its cells by tens. A change smaller than about a tenth
 * of a cell at strong contrast (a hair-thin digit stroke far from the camera) can go unnoticed.
 */
public final class ViewSignature {
    /** Cells across. */
    public static final int COLUMNS = 128;
    private final int columns;
    private final int rows;
    /** Per cell, its mean blue, green and red. */
    private final float[] means;

    private ViewSignature(int columns, int rows, float[] means) {
        this.columns = columns;
        this.rows = rows;
        this.means = means;
    }

    /** Of a picture: every second pixel of every second row, averaged per cell and channel (a few ms at 720p). */
    public static ViewSignature of(Picture p) {
        int w = p.width();
        int h = p.height();
        int columns = Math.min(COLUMNS, w);
        int rows = Math.max(1, Math.min(h, Math.round((float) columns * h / w)));
        float[] sum = new float[columns * rows * 3];
        int[] count = new int[columns * rows];
        byte[] bgr = p.bgr();
        int step = w >= 2 * columns && h >= 2 * rows ? 2 : 1;
        int[] columnOf = new int[w];
        for (int x = 0; x < w; x++) {
            columnOf[x] = (int) ((long) x * columns / w);
        }
        for (int y = 0; y < h; y += step) {
            int row = (int) ((long) y * rows / h) * columns;
            int at = y * w * 3;
            for (int x = 0; x < w; x += step) {
                int i = at + x * 3;
                int cell = row + columnOf[x];
                sum[cell * 3] += bgr[i] & 0xff;
                sum[cell * 3 + 1] += bgr[i + 1] & 0xff;
                sum[cell * 3 + 2] += bgr[i + 2] & 0xff;
                count[cell]++;
            }
        }
        for (int c = 0; c < sum.length; c++) {
            sum[c] /= Math.max(1, count[c / 3]);
        }
        return new ViewSignature(columns, rows, sum);
    }

    /** The largest change of one cell's mean in one channel (0–255); infinite between thumbnails of other shapes. */
    public double difference(ViewSignature other) {
        if (other.columns != columns || other.rows != rows) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < means.length; i++) {
            max = Math.max(max, Math.abs(means[i] - other.means[i]));
        }
        return max;
    }

    /** Whether no cell changed by more than threshold levels in any channel. */
    public boolean sameView(ViewSignature other, double threshold) {
        return difference(other) <= threshold;
    }

    @Override
    public String toString() {
        return "ViewSignature[" + columns + "x" + rows + "]";
    }
}
