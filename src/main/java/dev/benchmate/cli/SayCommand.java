package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.WavFiles;
import dev.benchmate.speaking.EspeakSynthesizer;
import dev.benchmate.speaking.JavaSoundSpeaker;
import dev.benchmate.speaking.MaryTtsSynthesizer;
import dev.benchmate.speaking.SpeechOutput;
import dev.benchmate.speaking.SpokenAnswer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Speaks a text with MaryTTS into a WAV file and prints the time to first audio and the real-time factor. */
@Command(name = "say", mixinStandardHelpOptions = true,
        description = "Synthesize TEXT with MaryTTS and write it to a WAV file; prints time to audio and real-time factor.")
public class SayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "What to say.")
    String[] words;

    @Option(names = "--out", paramLabel = "FILE.wav",
            description = "Write the speech here instead of playing it (benchmate.speaking.output-device).")
    Path out;

    @jakarta.inject.Inject
    BenchmateConfig config;

    @Option(names = "--voice", description = "MaryTTS voice (default: benchmate.speaking.voice, cmu-slt-hsmm).")
    String voice;

    @Override
    public Integer call() {
        return CommandFailures.run("say", this::say);
    }

    private int say() throws IOException {
        String text = String.join(" ", words);
        long t0 = System.nanoTime();
        MaryTtsSynthesizer mary = new MaryTtsSynthesizer(voice != null ? voice : config.speaking().voice(),
                config.speaking().rate());
        long t1 = System.nanoTime();
        if (out == null) {
            return play(mary, text, (t1 - t0) / 1e6);
        }
        AudioClip clip = mary.synthesize(text);
        long t2 = System.nanoTime();
        WavFiles.write(clip, out);
        System.out.printf("wrote %s: %.2f s of speech at %d Hz%n", out, clip.seconds(), clip.sampleRate());
        System.out.printf("voice load %.0f ms, time to audio %.0f ms, real-time factor %.3f%n", (t1 - t0) / 1e6,
                (t2 - t1) / 1e6, (t2 - t1) / 1e9 / clip.seconds());
        return 0;
    }

    /** Speaks through the speaker sentence by sentence, as an answer is spoken. */
    private int play(MaryTtsSynthesizer mary, String text, double loadMs) {
        try (SpeechOutput speech = new SpeechOutput(mary, EspeakSynthesizer.find("cmn"),
                new JavaSoundSpeaker(config.speaking().outputDevice().orElse("")))) {
            SpokenAnswer spoken = speech.say(text);
            spoken.awaitDone(java.time.Duration.ofMinutes(5));
            if (spoken.failure().isPresent()) {
                System.err.println("say: " + spoken.failure().get().getMessage());
                return 1;
            }
            System.out.printf("voice load %.0f ms, time to first audio %s, sentences %d%n", loadMs,
                    spoken.timeToFirstAudio().map(d -> d.toMillis() + " ms").orElse("(none)"),
                    spoken.spokenSentences().size());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
