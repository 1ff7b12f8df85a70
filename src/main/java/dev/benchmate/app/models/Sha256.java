package dev.benchmate.app.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, with progress for the large ones. */
final class Sha256 {
    private Sha256() {
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Feeds a file into the digest, telling the progress how far it got. */
    static void feed(Path file, MessageDigest digest, Progress progress) throws IOException {
        byte[] buf = new byte[1 << 16];
        long done = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
                done += n;
                progress.advance(done);
            }
        }
    }

    static String of(Path file, Progress progress) throws IOException {
        MessageDigest d = digest();
        feed(file, d, progress);
        return hex(d);
    }

    static String of(Path file) throws IOException {
        return of(file, Progress.NONE);
    }
}
