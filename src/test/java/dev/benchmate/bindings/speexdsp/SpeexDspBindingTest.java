package dev.benchmate.bindings.speexdsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.benchmate.bindings.NativeLibraryMissingException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The binding against the installed speexdsp: every ctl constant has the header's value (where
 * the headers are installed, from libspeexdsp-dev), the states say what they were set to, and
 * closing frees them once.
 */
class SpeexDspBindingTest {
    static final Path HEADERS = Path.of("/usr/include/speex");

    @Test
    void everyConstantHasTheHeadersValue() throws IOException, IllegalAccessException {
        assumeTrue(Files.isRegularFile(HEADERS.resolve("speex_echo.h")) && Files.isRegularFile(HEADERS.resolve("speex_preprocess.h")),
                "skipped: the speexdsp headers are not installed in " + HEADERS + " (apt-get install libspeexdsp-dev)");
        Map<String, Integer> defined = new HashMap<>();
        Pattern define = Pattern.compile("(?m)^#define\\s+(SPEEX_\\w+)\\s+(-?\\d+)\\s*$");
        for (String header : new String[] {"speex_echo.h", "speex_preprocess.h"}) {
            Matcher m = define.matcher(Files.readString(HEADERS.resolve(header)));
            while (m.find()) {
                defined.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        int checked = 0;
        for (Field f : SpeexDspConstants.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                assertTrue(defined.containsKey(f.getName()), f.getName() + " is not in the headers");
                assertEquals(defined.get(f.getName()), f.getInt(null), f.getName());
                checked++;
            }
        }
        System.out.println(checked + " constants checked against " + HEADERS);
        assertTrue(checked >= 20);
    }

    @Test
    void theStatesSayWhatTheyWereSetToAndCloseOnce() {
        SpeexDspLibrary speex;
        try {
            speex = SpeexEchoRuntime.load(Optional.empty(), "benchmate.listening.speexdsp-library");
        } catch (NativeLibraryMissingException e) {
            assumeTrue(false, "skipped: " + e.getMessage());
            return;
        }
        SpeexEchoRuntime runtime = SpeexEchoRuntime.open(speex, 320, 3200, 16000,
                new SpeexEchoRuntime.Preprocessing(true, false, true));
        assertEquals(16000, runtime.echoSamplingRate(), "the echo state's rate (it starts at 8000)");
        assertEquals(320, runtime.echoFrameSize());
        assertEquals(new SpeexEchoRuntime.Preprocessing(true, false, true), runtime.preprocessing());
        short[] mic = new short[320];
        short[] played = new short[320];
        short[] out = new short[320];
        for (int i = 0; i < 320; i++) {
            played[i] = (short) (1000 * Math.sin(i * 0.2));
            mic[i] = (short) (played[i] / 2);
        }
        runtime.cancel(mic, played, out);
        runtime.preprocess(out, true);
        runtime.preprocess(out, false);
        runtime.reset();
        assertThrows(IllegalArgumentException.class, () -> runtime.cancel(new short[160], played, out));
        runtime.close();
        runtime.close();
        assertThrows(IllegalStateException.class, () -> runtime.cancel(mic, played, out));
    }

    @Test
    void aMissingLibraryFileIsNamed() {
        NativeLibraryMissingException e = assertThrows(NativeLibraryMissingException.class,
                () -> SpeexEchoRuntime.load(Optional.of(Path.of("/nonexistent/echo-test")), "some.setting"));
        assertTrue(e.getMessage().contains("/nonexistent/echo-test") && e.getMessage().contains("some.setting")
                && e.getMessage().contains("libspeexdsp1"), e.getMessage());
    }
}
