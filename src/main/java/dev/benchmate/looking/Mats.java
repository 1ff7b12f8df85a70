package dev.benchmate.looking;

import dev.benchmate.media.Picture;
import dev.benchmate.media.PictureUnreadableException;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Copies between OpenCV matrices and {@link Picture}s. */
final class Mats {
    private Mats() {
    }

    static Picture toPicture(Mat bgr, String source) {
        if (bgr.type() != CvType.CV_8UC3) {
            throw new PictureUnreadableException("expected an 8-bit 3-channel picture from " + source + ", got "
                    + CvType.typeToString(bgr.type()));
        }
        Mat continuous = bgr.isContinuous() ? bgr : bgr.clone();
        byte[] pixels = new byte[continuous.cols() * continuous.rows() * 3];
        continuous.get(0, 0, pixels);
        if (continuous != bgr) {
            continuous.release();
        }
        return new Picture(bgr.cols(), bgr.rows(), pixels, source);
    }

    static Mat toMat(Picture picture) {
        Mat mat = new Mat(picture.height(), picture.width(), CvType.CV_8UC3);
        mat.put(0, 0, picture.bgr());
        return mat;
    }
}
