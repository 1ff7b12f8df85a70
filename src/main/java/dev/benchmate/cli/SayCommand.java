package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.Benchmate;
import dev.benchmate.speaking.AudioSink;
import dev.benchmate.speaking.JavaSoundSpeaker;
import dev.benchmate.speaking.SpeechOutput;
import dev.benchmate.speaking.SpokenAnswer;
import dev.benchmate.speaking.Voices;
import dev.benchmate.speaking.WavFileSink;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Speaks a text as Benchmate speaks answers (sentence by sentence, Chinese and anything MaryTTS
 * cannot voice through espeak-ng), through the speaker or into a WAV file, and prints how much
 * speech it made, the time to first audio and the real-time factor.
 */
@Command(name = "say", mixinStandardHelpOptions = true,
        description = "Speak TEXT through the speaker (or into --out FILE.wav) as Benchmate speaks answers; prints "
                + "the seconds of speech, the time to first audio and the real-time factor.")
public class SayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "What to say.")
    String[] words;

    @Option(names = "--out", paramLabel = "FILE.wav",
            description = "Write the speech here instead of playing it (benchmate.speaking.output-device).")
    Path out;

    @Option(names = "--voice", description = "MaryTTS voice (default: benchmate.speaking.voice).")
    String voice;

    @Inject
    BenchmateConfig config;

    @Override
    public Integer call() {
        return CommandFailures.run("say", this::say);
    }

    private int say() {
        String text = String.join(" ", words);
        BenchmateConfig.Speaking s = config.speaking();
        long t0 = System.nanoTime();
        Voices voices = Benchmate.voices(s, voice != null ? voice : s.voice());
        double loadMs = (System.nanoTime() - t0) / 1e6;
        AudioSink sink = out != null ? new WavFileSink(out) : new JavaSoundSpeaker(s.outputDevice().orElse(""));
        SpokenAnswer spoken;
        try (SpeechOutput speech = new SpeechOutput(voices, sink)) {
            spoken = speech.say(text);
            if (!spoken.awaitDone(Duration.ofMinutes(10))) {
                System.err.println("say: the speech did not end within 10 minutes");
                return 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (spoken.failure().isPresent()) {
            System.err.println("say: " + spoken.problem().orElseThrow()
                    + (out == null ? " (use --out FILE.wav to write it to a file instead)" : ""));
            return 1;
        }
        if (spoken.spokenSentences().isEmpty()) {
            System.err.println("say: nothing could be spoken" + spoken.problem().map(p -> ": " + p).orElse(""));
            return 1;
        }
        spoken.problem().ifPresent(p -> System.err.println("say: " + p));
        System.out.printf(Locale.ROOT, "%s %.2f s of speech (%d sentence%s)%n",
                out != null ? "wrote " + out + ":" : "spoke", spoken.audioSeconds(), spoken.spokenSentences().size(),
                spoken.spokenSentences().size() == 1 ? "" : "s");
        System.out.printf(Locale.ROOT, "voice load %.0f ms, time to first audio %d ms, real-time factor %.3f%n", loadMs,
                spoken.timeToFirstAudio().orElseThrow().toMillis(),
                spoken.synthesisTime().toNanos() / 1e9 / spoken.audioSeconds());
        return 0;
    }
}
