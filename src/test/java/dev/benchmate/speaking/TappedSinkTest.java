package dev.benchmate.speaking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.benchmate.media.AudioClip;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the speaker plays reaches the echo canceller's reference, answers and earcons alike. */
class TappedSinkTest {
    @Test
    void everyBlockPlayedReachesTheTapAsTheDeviceTakesItOnceConnected() {
        List<String> order = new CopyOnWriteArrayList<>();
        AudioSink device = block -> order.add("device " + block.samples().length);
        TappedSink sink = new TappedSink(device);
        sink.write(new AudioClip(new float[160], 16000)); // before listening starts: nobody taps
        sink.connect(block -> order.add("tap " + block.samples().length));
        try (SpeechOutput out = new SpeechOutput(new SpeechOutputTest.SlowVoice(), sink)) {
            out.earcon(Earcons.Kind.LISTENING);
            out.say("Hi.").awaitDone(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals("device 160", order.get(0));
        for (int i = 1; i < order.size(); i += 2) {
            // Once the device took it: its place on the speaker's timeline is when it began to play.
            assertEquals(order.get(i).replace("device", "tap"), order.get(i + 1), "played, then tapped: " + order);
            assertEquals(true, order.get(i).startsWith("device "), order.toString());
        }
        int earcon = Earcons.of(Earcons.Kind.LISTENING).samples().length;
        int tapped = order.stream().filter(o -> o.startsWith("tap ")).mapToInt(o -> Integer.parseInt(o.substring(4)))
                .sum();
        assertEquals(earcon + "Hi.".length() * 160, tapped, "the earcon and the answer, every sample");
    }

    @Test
    void theTapHearsWhenTheDeviceHadRunDry() {
        List<String> heard = new CopyOnWriteArrayList<>();
        boolean[] dry = {true};
        AudioSink device = new AudioSink() {
            @Override
            public void write(AudioClip block) {
            }

            @Override
            public boolean ranDry() {
                return dry[0];
            }
        };
        TappedSink sink = new TappedSink(device);
        sink.connect(new dev.benchmate.media.PlaybackTap() {
            @Override
            public void played(AudioClip block) {
                heard.add("without saying");
            }

            @Override
            public void played(AudioClip block, boolean afterGap) {
                heard.add(afterGap ? "after a gap" : "right after the last");
            }
        });
        sink.write(new AudioClip(new float[160], 16000));
        dry[0] = false;
        sink.write(new AudioClip(new float[160], 16000));
        dry[0] = true;
        sink.write(new AudioClip(new float[160], 16000));
        assertEquals(List.of("after a gap", "right after the last", "after a gap"), heard);
    }
}
