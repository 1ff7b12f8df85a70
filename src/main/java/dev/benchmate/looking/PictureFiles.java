package dev.benchmate.looking;

import dev.benchmate.media.Picture;
import dev.benchmate.media.PictureUnreadableException;

import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** Reads image files (JPEG, PNG, BMP, …) into {@link Picture}s. */
public final class PictureFiles {
    private PictureFiles() {
    }

    public static Picture read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PictureUnreadableException("image not found: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new PictureUnreadableException("image not readable: " + file);
        }
        OpenCv.load();
        Mat mat = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
        try {
            if (mat.empty()) {
                throw new PictureUnreadableException("not a picture OpenCV can decode (corrupt or unsupported format): "
                        + file);
            }
            return Mats.toPicture(mat, file.toString());
        } finally {
            mat.release();
        }
    }
}
