package dev.benchmate.thinking.remote;

import dev.benchmate.media.Picture;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** A picture as an engine on the LAN takes it: scaled down to a long side, as a JPEG data URI. */
final class JpegPictures {
    private JpegPictures() {
    }

    /** The picture as a JPEG, its long side at most {@code longSide} (never scaled up). */
    static byte[] jpeg(Picture p, int longSide, int quality) {
        BufferedImage image = new BufferedImage(p.width(), p.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(p.bgr(), 0, pixels, 0, pixels.length); // TYPE_3BYTE_BGR keeps B, G, R per pixel too
        int longest = Math.max(p.width(), p.height());
        if (longest > longSide) {
            double f = (double) longSide / longest;
            int w = Math.max(1, (int) Math.round(p.width() * f));
            int h = Math.max(1, (int) Math.round(p.height() * f));
            BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
            g.dispose();
            image = scaled;
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("the picture could not be made a JPEG", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static String dataUri(Picture p, int longSide, int quality) {
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg(p, longSide, quality));
    }
}
