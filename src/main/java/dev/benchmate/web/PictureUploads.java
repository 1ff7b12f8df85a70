package dev.benchmate.web;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.looking.PictureFiles;
import dev.benchmate.media.Picture;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Pictures clients send, decoded two at a time at most (each at bounded memory, see
 * {@link PictureFiles#decode}), so that many clients at once cannot add up past the service's
 * memory; a client that would wait longer than a few seconds is told to come back (429).
 */
@ApplicationScoped
public class PictureUploads {
    private static final int AT_ONCE = 2;
    private final Semaphore decoding = new Semaphore(AT_ONCE, true);

    @Inject
    BenchmateConfig config;

    public Picture decode(byte[] data, String name) {
        boolean acquired;
        try {
            acquired = decoding.tryAcquire(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotServing(503, "interrupted while waiting to decode the picture", 1);
        }
        if (!acquired) {
            throw new NotServing(429, "other pictures are being decoded: try again in a moment", 2);
        }
        try {
            return PictureFiles.decode(data, name, config.http().maxPicturePixels());
        } finally {
            decoding.release();
        }
    }
}
