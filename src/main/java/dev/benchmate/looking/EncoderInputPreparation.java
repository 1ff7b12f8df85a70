package dev.benchmate.looking;

import dev.benchmate.media.Picture;

import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Turns a picture into the vision encoder's input the way Qwen2-VL's preprocessing (and the
 * rknn-llm demo) does: pad to a square with mid-gray (127.5, 127.5, 127.5) so the aspect ratio
 * survives, BGR to RGB, INTER_LINEAR resize to the encoder's size, uint8 NHWC.
 */
public final class EncoderInputPreparation {
    /** The padding value; OpenCV rounds it to 128 in 8-bit pixels. */
    public static final double PAD_VALUE = 127.5;

    private EncoderInputPreparation() {
    }

    public static byte[] toRgbNhwc(Picture picture, int width, int height) {
        OpenCv.load();
        Mat bgr = Mats.toMat(picture);
        Mat square = expandToSquare(bgr);
        Mat rgb = new Mat();
        Mat resized = new Mat();
        try {
            Imgproc.cvtColor(square, rgb, Imgproc.COLOR_BGR2RGB);
            Imgproc.resize(rgb, resized, new Size(width, height), 0, 0, Imgproc.INTER_LINEAR);
            byte[] out = new byte[width * height * 3];
            resized.get(0, 0, out);
            return out;
        } finally {
            bgr.release();
            square.release();
            rgb.release();
            resized.release();
        }
    }

    private static Mat expandToSquare(Mat img) {
        int size = Math.max(img.cols(), img.rows());
        Mat square = new Mat(size, size, img.type(), new Scalar(PAD_VALUE, PAD_VALUE, PAD_VALUE));
        int x = (size - img.cols()) / 2;
        int y = (size - img.rows()) / 2;
        Mat roi = square.submat(new Rect(x, y, img.cols(), img.rows()));
        img.copyTo(roi);
        roi.release();
        return square;
    }
}
