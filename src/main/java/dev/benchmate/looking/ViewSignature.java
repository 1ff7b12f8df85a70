package dev.benchmate.looking;

import dev.benchmate.media.Picture;

/**
 * A coarse grey thumbnail of a picture (64 columns, rows to its shape), for telling whether the
 * camera still sees what it saw: two views are the same where no cell's mean grey differs by more
 * than a threshold. A cell averages a few hundred pixels of a camera frame, so sensor noise moves
 * it by well under one level, while a part put down, a hand, or a digit that changes on a display
 * moves its cells by tens.
 */
public final class ViewSignature {
    /** Cells across. */
    public static final int COLUMNS = 64;
    private final int columns;
    private final int rows;
    private final float[] grey;

    private ViewSignature(int columns, int rows, float[] grey) {
        this.columns = columns;
        this.rows = rows;
        this.grey = grey;
    }

    /** Of a picture: every second pixel of every second row, BGR to grey, averaged per cell. */
    public static ViewSignature of(Picture p) {
        int w = p.width();
        int h = p.height();
        int columns = Math.min(COLUMNS, w);
        int rows = Math.max(1, Math.min(h, Math.round((float) columns * h / w)));
        float[] sum = new float[columns * rows];
        int[] count = new int[columns * rows];
        byte[] bgr = p.bgr();
        int step = w >= 2 * columns && h >= 2 * rows ? 2 : 1;
        for (int y = 0; y < h; y += step) {
            int row = (int) ((long) y * rows / h) * columns;
            int at = y * w * 3;
            for (int x = 0; x < w; x += step) {
                int i = at + x * 3;
                int g = ((bgr[i] & 0xff) * 29 + (bgr[i + 1] & 0xff) * 150 + (bgr[i + 2] & 0xff) * 77) >> 8;
                int cell = row + (int) ((long) x * columns / w);
                sum[cell] += g;
                count[cell]++;
            }
        }
        for (int c = 0; c < sum.length; c++) {
            sum[c] /= Math.max(1, count[c]);
        }
        return new ViewSignature(columns, rows, sum);
    }

    /** The largest change of one cell's mean grey (0–255); infinite between thumbnails of other shapes. */
    public double difference(ViewSignature other) {
        if (other.columns != columns || other.rows != rows) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < grey.length; i++) {
            max = Math.max(max, Math.abs(grey[i] - other.grey[i]));
        }
        return max;
    }

    /** Whether no cell changed by more than threshold grey levels. */
    public boolean sameView(ViewSignature other, double threshold) {
        return difference(other) <= threshold;
    }

    @Override
    public String toString() {
        return "ViewSignature[" + columns + "x" + rows + "]";
    }
}
