package dev.benchmate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recordings a client sends: a length limit that holds whatever the header says. */
class WavFilesTest {
    /** A mono 16-bit WAV of the given seconds at the rate, whose header declares declaredDataBytes. */
    private static Path wav(Path file, int rate, double seconds, long declaredDataBytes) throws IOException {
        int samples = (int) (rate * seconds);
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt((int) (36 + declaredDataBytes)).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt((int) declaredDataBytes);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (3000 * Math.sin(i * 2 * Math.PI * 440 / rate)));
        }
        Files.write(file, b.array());
        return file;
    }

    @Test
    void aRecordingWithinTheLimitIsReadAtSpeechRate(@TempDir Path dir) throws IOException {
        AudioClip clip = WavFiles.read(wav(dir.resolve("a.wav"), 8000, 2.0, 2 * 8000 * 2), 5);
        assertEquals(AudioClip.SPEECH_RATE, clip.sampleRate());
        assertEquals(2.0, clip.seconds(), 0.01);
    }

    @Test
    void aLongerRecordingIsRefusedFromItsHeader(@TempDir Path dir) throws IOException {
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> WavFiles.read(wav(dir.resolve("long.wav"), 8000, 10.0, 10 * 8000 * 2), 5));
        assertTrue(e.getMessage().contains("10.0 s long"), e.getMessage());
    }

    @Test
    void aHeaderThatDoesNotSayItsLengthCannotSlipPastTheLimit(@TempDir Path dir) throws IOException {
        // data size 0xFFFFFFFF, as a streaming recorder writes it ("unknown"), and 10 s follow: refused,
        // whether from the header or from what is read
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> WavFiles.read(wav(dir.resolve("open.wav"), 8000, 10.0, 0xFFFFFFFFL), 5));
        assertTrue(e.getMessage().contains(" 5 s"), e.getMessage());
    }
}
