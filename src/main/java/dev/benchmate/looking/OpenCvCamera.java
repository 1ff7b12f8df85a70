package dev.benchmate.looking;

import dev.benchmate.media.Picture;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.opencv.core.Mat;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

/**
 * A V4L2 camera through OpenCV. A grabber thread reads frames continuously and keeps only the
 * latest, so taking a picture at speech start costs nothing and never shows a stale buffered
 * frame. A camera that disappears (unplugged) is reopened with back-off; the loss and the return
 * are logged once each, not per frame.
 */
public final class OpenCvCamera implements Camera {
    private static final Logger LOG = Logger.getLogger(OpenCvCamera.class);
    private final String device;
    private final int width;
    private final int height;
    private final int fps;
    private final AtomicReference<Picture> latest = new AtomicReference<>();
    private final Thread grabber;
    private volatile boolean running = true;

    /** @param device a V4L2 index ("0") or path ("/dev/video0") */
    public OpenCvCamera(String device, int width, int height, int fps) {
        this.device = device;
        this.width = width;
        this.height = height;
        this.fps = fps;
        OpenCv.load();
        grabber = new Thread(this::grab, "benchmate-camera");
        grabber.setDaemon(true);
        grabber.start();
    }

    private VideoCapture open() {
        VideoCapture c = device.matches("\\d+") ? new VideoCapture(Integer.parseInt(device), Videoio.CAP_V4L2)
                : new VideoCapture(device, Videoio.CAP_V4L2);
        if (c.isOpened()) {
            c.set(Videoio.CAP_PROP_FRAME_WIDTH, width);
            c.set(Videoio.CAP_PROP_FRAME_HEIGHT, height);
            c.set(Videoio.CAP_PROP_FPS, fps);
            c.set(Videoio.CAP_PROP_BUFFERSIZE, 1);
        }
        return c;
    }

    private void grab() {
        Duration backOff = Duration.ofMillis(500);
        boolean lost = false;
        Mat frame = new Mat();
        while (running) {
            VideoCapture capture = open();
            if (!capture.isOpened()) {
                if (!lost) {
                    LOG.warnf("Camera %s is not available; retrying in the background", device);
                    lost = true;
                }
                capture.release();
                sleep(backOff);
                backOff = backOff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backOff.multipliedBy(2);
                continue;
            }
            if (lost) {
                LOG.infof("Camera %s is back", device);
                lost = false;
            }
            backOff = Duration.ofMillis(500);
            while (running && capture.read(frame) && !frame.empty()) {
                latest.set(Mats.toPicture(frame, "camera " + device));
            }
            capture.release();
            latest.set(null);
            if (running && !lost) {
                LOG.warnf("Camera %s stopped delivering frames (unplugged?); reconnecting", device);
                lost = true;
            }
        }
        frame.release();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<Picture> latestFrame() {
        return Optional.ofNullable(latest.get());
    }

    @Override
    public String describe() {
        return "camera " + device + " (" + width + "x" + height + " @ " + fps + " fps)";
    }

    @Override
    public void close() {
        running = false;
        grabber.interrupt();
    }
}
