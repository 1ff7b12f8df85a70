package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

import java.util.ArrayList;
import java.util.List;

/** Runs a detector over a clip in microphone-sized blocks and pairs its events into spans. */
final class Utterances {
    record Span(double start, double end) {
        @Override
        public String toString() {
            return String.format("%.2f-%.2f", start, end);
        }
    }

    private Utterances() {
    }

    static List<Span> detect(SpeechDetector detector, AudioClip clip) {
        List<SpeechEvent> events = new ArrayList<>();
        float[] s = clip.samples();
        for (int i = 0; i < s.length; i += 320) { // 20 ms blocks, as a microphone delivers
            float[] block = java.util.Arrays.copyOfRange(s, i, Math.min(s.length, i + 320));
            events.addAll(detector.accept(block));
        }
        events.addAll(detector.finish());
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i + 1 < events.size(); i += 2) {
            spans.add(new Span(events.get(i).seconds(), events.get(i + 1).seconds()));
        }
        return spans;
    }
}
