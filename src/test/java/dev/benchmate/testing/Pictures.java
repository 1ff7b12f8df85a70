package dev.benchmate.testing;

import dev.benchmate.media.Picture;

/** Pictures made by the tests: solid colours and colours on a part of the frame. */
public final class Pictures {
    private Pictures() {
    }

    /** Writes a 640x480 picture of one colour to a PNG file (OpenCV), for commands that take a file. */
    public static java.nio.file.Path png(java.nio.file.Path file, int r, int g, int b) {
        dev.benchmate.looking.OpenCv.load();
        org.opencv.core.Mat m = new org.opencv.core.Mat(480, 640, org.opencv.core.CvType.CV_8UC3,
                new org.opencv.core.Scalar(b, g, r));
        org.opencv.imgcodecs.Imgcodecs.imwrite(file.toString(), m);
        m.release();
        return file;
    }

    /** A picture of one colour, given as R, G, B (stored as BGR, as a camera frame is). */
    public static Picture solid(int width, int height, int r, int g, int b) {
        byte[] bgr = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            bgr[i * 3] = (byte) b;
            bgr[i * 3 + 1] = (byte) g;
            bgr[i * 3 + 2] = (byte) r;
        }
        return new Picture(width, height, bgr, "solid " + r + "," + g + "," + b);
    }
}
