package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.Pcm;
import dev.benchmate.media.SpeechFeatureUnavailableException;

import dev.benchmate.bindings.NativeLibraries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * The wake phrase and commands through Vosk with a small grammar: the recognizer may only answer
 * with the configured phrases or "[unk]", which makes it fast and hard to fool on a board's CPU.
 */
public final class VoskPhraseSpotter implements PhraseSpotter {
    private static final Pattern TEXT = Pattern.compile("\"text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private final Model model;
    private final String grammarJson;

    private VoskPhraseSpotter(Model model, List<String> grammar) {
        this.model = model;
        this.grammarJson = grammar.stream().map(p -> "\"" + p.replace("\"", "") + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * @param modelDir an unpacked Vosk model (vosk-model-small-en-us-0.15, vosk-model-small-cn-0.22)
     * @param libraryDir where libvosk.so is; needed on aarch64, whose library the Vosk jar lacks
     */
    public static VoskPhraseSpotter open(Path modelDir, Optional<Path> libraryDir, List<String> grammar) {
        libraryDir.ifPresent(dir -> {
            if (!Files.isRegularFile(dir.resolve("libvosk.so"))) {
                throw new SpeechFeatureUnavailableException("libvosk.so not found in " + dir
                        + " (the Vosk jar has no linux-aarch64 library: take libvosk.so from the vosk-api "
                        + "release for your board and set benchmate.listening.vosk-library)");
            }
            NativeLibraries.addSearchPath("vosk", dir);
        });
        if (!Files.isDirectory(modelDir) || !(Files.isDirectory(modelDir.resolve("am"))
                || Files.isRegularFile(modelDir.resolve("conf/model.conf")))) {
            throw new SpeechFeatureUnavailableException("Vosk model not found: " + modelDir
                    + " (unpack vosk-model-small-en-us-0.15 or vosk-model-small-cn-0.22 from alphacephei.com/vosk/models "
                    + "there, or set benchmate.listening.vosk-model)");
        }
        try {
            LibVosk.setLogLevel(LogLevel.WARNINGS);
            return new VoskPhraseSpotter(new Model(modelDir.toAbsolutePath().toString()), grammar);
        } catch (LinkageError e) {
            throw new SpeechFeatureUnavailableException("cannot load libvosk.so for " + System.getProperty("os.arch")
                    + " (set benchmate.listening.vosk-library to the folder holding it): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SpeechFeatureUnavailableException("Vosk cannot load the model in " + modelDir + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String spot(AudioClip utterance) {
        short[] pcm = Pcm.toShorts(utterance.samples());
        try (Recognizer r = new Recognizer(model, utterance.sampleRate(), grammarJson)) {
            r.acceptWaveForm(pcm, pcm.length);
            return textOf(r.getFinalResult());
        }
    }

    static String textOf(String json) {
        Matcher m = TEXT.matcher(json);
        return m.find() ? m.group(1) : "";
    }

    @Override
    public void close() {
        model.close();
    }
}
