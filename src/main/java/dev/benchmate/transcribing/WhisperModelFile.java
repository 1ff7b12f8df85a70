package dev.benchmate.transcribing;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks a whisper.cpp ggml model file before whisper.cpp reads it. whisper.cpp trusts the file:
 * a truncated download makes it read past the end and abort the whole JVM. This walks the same
 * layout (magic, hyper-parameters, mel filters, vocabulary, every tensor's header and data) and
 * refuses a file that is cut off, padded, or shaped unlike a Whisper model, with a message that
 * says what is wrong.
 */
public final class WhisperModelFile {
    static final int MAGIC = 0x67676d6c; // "ggml", little-endian

    private WhisperModelFile() {
    }

    /** The hyper-parameters of a file that passed every check. */
    public static WhisperHyperParameters check(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WhisperModelException("Whisper model not found: " + file);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            LittleEndian in = new LittleEndian(new DataInputStream(raw));
            long size = Files.size(file);
            if (in.int32() != MAGIC) {
                throw bad(file, "not a ggml Whisper model (wrong magic number)");
            }
            WhisperHyperParameters h = new WhisperHyperParameters(in.int32(), in.int32(), in.int32(), in.int32(),
                    in.int32(), in.int32(), in.int32(), in.int32(), in.int32(), in.int32(), in.int32());
            if (h.nVocab() < 51864 || h.nAudioCtx() <= 0 || h.nAudioState() <= 0 || h.nAudioHead() <= 0
                    || h.nAudioLayer() <= 0 || h.nTextCtx() <= 0 || h.nTextState() <= 0 || h.nTextHead() <= 0
                    || h.nTextLayer() <= 0 || (h.nMels() != 80 && h.nMels() != 128)
                    || GgmlType.forFtype(h.baseFtype()) == null) {
                throw bad(file, "implausible hyper-parameters " + h);
            }
            int nMel = in.int32();
            int nFft = in.int32();
            if (nMel != h.nMels() || nFft <= 0 || nFft > 4096) {
                throw bad(file, "mel filters of " + nMel + "x" + nFft);
            }
            in.skip(4L * nMel * nFft, size);
            int words = in.int32();
            if (words < 0 || words > h.nVocab()) {
                throw bad(file, "a vocabulary of " + words + " words");
            }
            for (int i = 0; i < words; i++) {
                int len = in.int32();
                if (len < 0 || len > 1024) {
                    throw bad(file, "vocabulary word " + i + " of " + len + " bytes");
                }
                in.skip(len, size);
            }
            Map<String, WhisperTensorLayout.Tensor> expected = WhisperTensorLayout.of(h);
            Set<String> seen = new HashSet<>();
            while (in.position() < size) {
                int nDims = in.int32();
                int nameLength = in.int32();
                int typeId = in.int32();
                if (nDims < 1 || nDims > 4 || nameLength <= 0 || nameLength > 256) {
                    throw bad(file, "a tensor header at byte " + (in.position() - 12) + " is garbled");
                }
                int[] ne = new int[nDims];
                long elements = 1;
                for (int d = 0; d < nDims; d++) {
                    ne[d] = in.int32();
                    elements *= ne[d];
                }
                String name = new String(in.bytes(nameLength, size), java.nio.charset.StandardCharsets.UTF_8);
                WhisperTensorLayout.Tensor want = expected.get(name);
                GgmlType type = GgmlType.byId(typeId);
                if (want == null) {
                    throw bad(file, "unknown tensor '" + name + "'");
                }
                if (type == null || elements != want.elements() || !sameShape(ne, want.ne())) {
                    throw bad(file, "tensor '" + name + "' has the wrong shape or type");
                }
                in.skip(want.type().bytes(elements), size);
                seen.add(name);
            }
            if (seen.size() != expected.size()) {
                throw bad(file, (expected.size() - seen.size()) + " of " + expected.size() + " tensors are missing");
            }
            return h;
        } catch (EOFException e) {
            throw bad(file, "the file ends early (truncated download?)");
        } catch (IOException e) {
            throw new WhisperModelException("cannot read Whisper model " + file + ": " + e.getMessage());
        }
    }

    private static boolean sameShape(int[] ne, int[] want) {
        for (int d = 0; d < 3; d++) {
            int a = d < ne.length ? ne[d] : 1;
            int b = d < want.length ? want[d] : 1;
            if (a != b) {
                return false;
            }
        }
        return true;
    }

    private static WhisperModelException bad(Path file, String why) {
        return new WhisperModelException("Whisper model " + file + " is not usable: " + why);
    }

    /** Little-endian reads that count the position, and skips that refuse to pass the end. */
    private static final class LittleEndian {
        private final DataInputStream in;
        private long position;

        LittleEndian(DataInputStream in) {
            this.in = in;
        }

        int int32() throws IOException {
            int v = Integer.reverseBytes(in.readInt());
            position += 4;
            return v;
        }

        byte[] bytes(int n, long size) throws IOException {
            if (position + n > size) {
                throw new EOFException();
            }
            byte[] b = in.readNBytes(n);
            position += n;
            return b;
        }

        void skip(long n, long size) throws IOException {
            if (position + n > size) {
                throw new EOFException();
            }
            long left = n;
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    throw new EOFException();
                }
                left -= s;
            }
            position += n;
        }

        long position() {
            return position;
        }
    }
}
