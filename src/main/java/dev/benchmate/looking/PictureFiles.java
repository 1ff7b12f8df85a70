package dev.benchmate.looking;

import dev.benchmate.media.Picture;
import dev.benchmate.media.PictureUnreadableException;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Reads pictures (JPEG, PNG, BMP, GIF, TIFF, WebP) from files and from bytes a client sent, at
 * bounded memory: the size is read from the header first; a picture with more pixels than allowed
 * is refused before it is decoded; a large one is decoded reduced (JPEG at 1/2, 1/4 or 1/8 in the
 * decoder itself, the others by reading every n-th pixel of every n-th row), so that no picture
 * costs more than about {@value #LONG_SIDE}² pixels in memory. The vision encoder needs 392×392.
 */
public final class PictureFiles {
    /** The longest side a picture is kept at (beyond it, nothing the encoder can use is lost). */
    public static final int LONG_SIDE = 2048;
    /**
     * Pixels a picture may have when its decoder must hold the whole of it whatever the reduction
     * (progressive JPEG keeps every coefficient, TIFF strips and WebP are inflated whole, GIF
     * frames are held whole): about 48 MB of pixels, the rest of the memory budget kept for others.
     */
    public static final long WHOLE_DECODE_MAX_PIXELS = 16_000_000L;
    /** Pixels a file given on the command line may have (a command has no HTTP limit to apply). */
    public static final long FILE_MAX_PIXELS = 100_000_000L;

    private PictureFiles() {
    }

    public static Picture read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PictureUnreadableException("image not found: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new PictureUnreadableException("image not readable: " + file);
        }
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            throw new PictureUnreadableException("image not readable: " + file + " (" + e.getMessage() + ")");
        }
        return decode(data, file.toString(), FILE_MAX_PIXELS);
    }

    /**
     * Decodes a picture a client sent.
     *
     * @param source what to call it in messages and in the picture ("upload", the file name)
     * @param maxPixels width × height above which it is refused
     * @throws PictureUnreadableException when it is not a picture, is corrupt, or is too large
     */
    public static Picture decode(byte[] data, String source, long maxPixels) {
        if (data == null || data.length == 0) {
            throw new PictureUnreadableException("the picture " + source + " is empty");
        }
        Header h = header(data, source);
        long pixels = (long) h.width() * h.height();
        if (pixels > maxPixels) {
            throw new PictureUnreadableException(String.format(Locale.ROOT,
                    "the picture %s is %d×%d (%.0f megapixels); the largest taken is %.0f megapixels: send it smaller",
                    source, h.width(), h.height(), pixels / 1e6, maxPixels / 1e6));
        }
        if (h.wholeDecode() && pixels > Math.min(maxPixels, WHOLE_DECODE_MAX_PIXELS)) {
            throw new PictureUnreadableException(String.format(Locale.ROOT,
                    "the picture %s is a %s of %d×%d (%.0f megapixels), which has to be decoded whole; the largest "
                            + "taken is %.0f megapixels: send it smaller, or as a baseline JPEG or PNG",
                    source, h.kind(), h.width(), h.height(), pixels / 1e6, WHOLE_DECODE_MAX_PIXELS / 1e6));
        }
        int step = 1;
        while (Math.max(h.width(), h.height()) / step > LONG_SIDE) {
            step *= 2;
        }
        Picture p = h.format().equals("jpeg") || h.reader() == null
                ? withOpenCv(data, source, step) : withImageIo(h.reader(), data, source, step);
        return p;
    }

    /**
     * The format, the size, the ImageIO reader that can decode it (none for WebP and JPEG), and
     * whether its decoder holds the whole picture whatever the reduction.
     */
    private record Header(String format, int width, int height, ImageReader reader, boolean wholeDecode) {
        String kind() {
            return format.equals("jpeg") ? "progressive JPEG" : format.toUpperCase(Locale.ROOT);
        }
    }

    private static Header header(byte[] data, String source) {
        if (isWebp(data)) {
            int[] size = webpSize(data, source);
            return new Header("webp", size[0], size[1], null, true);
        }
        try {
            ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data));
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new PictureUnreadableException("the picture " + source + " is not in a format Benchmate reads "
                        + "(JPEG, PNG, BMP, GIF, TIFF, WebP), or is corrupt");
            }
            ImageReader reader = readers.next();
            reader.setInput(in, true, true);
            String format = reader.getFormatName().toLowerCase(Locale.ROOT);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            if (w <= 0 || h <= 0) {
                throw new PictureUnreadableException("the picture " + source + " says it is " + w + "×" + h);
            }
            if (format.equals("jpeg")) {
                reader.dispose(); // OpenCV decodes JPEG: reduced in the decoder, EXIF orientation applied
                return new Header(format, w, h, null, isProgressiveJpeg(data));
            }
            boolean whole = !(format.equals("png") || format.equals("bmp") || format.equals("wbmp"));
            return new Header(format, w, h, reader, whole);
        } catch (IOException | RuntimeException e) {
            if (e instanceof PictureUnreadableException p) {
                throw p;
            }
            throw new PictureUnreadableException("the picture " + source + " cannot be read (corrupt or truncated): "
                    + e.getMessage());
        }
    }

    private static Picture withImageIo(ImageReader reader, byte[] data, String source, int step) {
        try {
            ImageReadParam param = reader.getDefaultReadParam();
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage read = reader.read(0, param);
            BufferedImage bgr = read;
            if (read.getType() != BufferedImage.TYPE_3BYTE_BGR) {
                bgr = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
                var g = bgr.createGraphics();
                g.setColor(java.awt.Color.WHITE); // transparent parts as on a white page
                g.fillRect(0, 0, read.getWidth(), read.getHeight());
                g.drawImage(read, 0, 0, null);
                g.dispose();
            }
            byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
            if (pixels.length != bgr.getWidth() * bgr.getHeight() * 3) {
                pixels = pixels.clone(); // a raster with padding would not be tightly packed; copy row-exact
            }
            return fit(new Picture(bgr.getWidth(), bgr.getHeight(), pixels, source));
        } catch (IOException | RuntimeException e) {
            throw new PictureUnreadableException("the picture " + source + " cannot be read (corrupt or truncated): "
                    + e.getMessage());
        } finally {
            reader.dispose();
        }
    }

    private static Picture withOpenCv(byte[] data, String source, int step) {
        OpenCv.load();
        int flags = switch (Math.min(step, 8)) {
            case 2 -> Imgcodecs.IMREAD_REDUCED_COLOR_2;
            case 4 -> Imgcodecs.IMREAD_REDUCED_COLOR_4;
            case 8 -> Imgcodecs.IMREAD_REDUCED_COLOR_8;
            default -> Imgcodecs.IMREAD_COLOR;
        };
        MatOfByte buffer = new MatOfByte(data);
        Mat mat = Imgcodecs.imdecode(buffer, flags);
        buffer.release();
        try {
            if (mat.empty()) {
                throw new PictureUnreadableException("the picture " + source + " cannot be decoded (corrupt or "
                        + "unsupported format)");
            }
            if (Math.max(mat.cols(), mat.rows()) > LONG_SIDE) {
                double scale = (double) LONG_SIDE / Math.max(mat.cols(), mat.rows());
                Mat small = new Mat();
                Imgproc.resize(mat, small, new Size(Math.max(1, Math.round(mat.cols() * scale)),
                        Math.max(1, Math.round(mat.rows() * scale))), 0, 0, Imgproc.INTER_AREA);
                mat.release();
                mat = small;
            }
            return Mats.toPicture(mat, source);
        } finally {
            mat.release();
        }
    }

    /** A picture whose long side is over {@link #LONG_SIDE} is made smaller (subsampling steps are powers of 2). */
    private static Picture fit(Picture p) {
        if (Math.max(p.width(), p.height()) <= LONG_SIDE) {
            return p;
        }
        OpenCv.load();
        Mat m = Mats.toMat(p);
        Mat small = new Mat();
        try {
            double scale = (double) LONG_SIDE / Math.max(p.width(), p.height());
            Imgproc.resize(m, small, new Size(Math.max(1, Math.round(p.width() * scale)),
                    Math.max(1, Math.round(p.height() * scale))), 0, 0, Imgproc.INTER_AREA);
            return Mats.toPicture(small, p.source());
        } finally {
            m.release();
            small.release();
        }
    }

    /** JPEG bytes of a picture (for the web: the camera's frame, the picture a turn used). */
    public static byte[] jpeg(Picture picture, int quality) {
        OpenCv.load();
        Mat m = Mats.toMat(picture);
        MatOfByte out = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
        try {
            if (!Imgcodecs.imencode(".jpg", m, out, params)) {
                throw new PictureUnreadableException("the picture " + picture.source() + " could not be encoded as JPEG");
            }
            return out.toArray();
        } finally {
            m.release();
            out.release();
            params.release();
        }
    }

    /** Whether a JPEG's frame is progressive (SOF2, or another non-baseline SOF): its markers before the scan. */
    static boolean isProgressiveJpeg(byte[] d) {
        int i = 2;
        while (i + 4 <= d.length) {
            if ((d[i] & 0xFF) != 0xFF) {
                return false; // not at a marker: a malformed file, decoded (and refused) as it is
            }
            int marker = d[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0xC0 || marker == 0xC1) {
                return false; // baseline or extended sequential
            }
            if (marker >= 0xC2 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return true; // progressive, lossless or arithmetic-coded: decoded whole
            }
            if (marker == 0xDA) {
                return false;
            }
            int length = ((d[i + 2] & 0xFF) << 8) | (d[i + 3] & 0xFF);
            i += 2 + length;
        }
        return false;
    }

    private static boolean isWebp(byte[] d) {
        return d.length >= 30 && d[0] == 'R' && d[1] == 'I' && d[2] == 'F' && d[3] == 'F'
                && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P';
    }

    /** Width and height from a WebP header (VP8X, VP8 or VP8L chunk), without decoding. */
    private static int[] webpSize(byte[] d, String source) {
        String chunk = new String(d, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8X" -> {
                int w = 1 + ((d[24] & 0xFF) | (d[25] & 0xFF) << 8 | (d[26] & 0xFF) << 16);
                int h = 1 + ((d[27] & 0xFF) | (d[28] & 0xFF) << 8 | (d[29] & 0xFF) << 16);
                return new int[] {w, h};
            }
            case "VP8 " -> {
                int w = ((d[26] & 0xFF) | (d[27] & 0xFF) << 8) & 0x3FFF;
                int h = ((d[28] & 0xFF) | (d[29] & 0xFF) << 8) & 0x3FFF;
                if (w > 0 && h > 0) {
                    return new int[] {w, h};
                }
            }
            case "VP8L" -> {
                if ((d[20] & 0xFF) == 0x2F) {
                    int bits = (d[21] & 0xFF) | (d[22] & 0xFF) << 8 | (d[23] & 0xFF) << 16 | (d[24] & 0xFF) << 24;
                    return new int[] {1 + (bits & 0x3FFF), 1 + ((bits >>> 14) & 0x3FFF)};
                }
            }
            default -> {
            }
        }
        throw new PictureUnreadableException("the picture " + source + " is a WebP file Benchmate cannot read");
    }
}
