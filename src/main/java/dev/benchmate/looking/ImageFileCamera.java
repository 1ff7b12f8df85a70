package dev.benchmate.looking;

import dev.benchmate.media.Picture;

import java.nio.file.Path;
import java.util.Optional;

/** A still picture as the camera: for tests, demos and boards without a camera. */
public final class ImageFileCamera implements Camera {
    private final Picture picture;
    private final Path file;

    public ImageFileCamera(Path file) {
        this.file = file;
        this.picture = PictureFiles.read(file);
    }

    @Override
    public Optional<Picture> latestFrame() {
        return Optional.of(picture);
    }

    @Override
    public String describe() {
        return "image file " + file;
    }

    @Override
    public void close() {
    }
}
