package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The hands-free rules, through the spotter's words as a scripted spotter would give them. */
class HandsFreeGateTest {
    static final Utterance U = new Utterance(0, 1, new AudioClip(new float[16000], 16000));

    static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(double seconds) {
            now = now.plusMillis((long) (seconds * 1000));
        }
    }

    final ManualClock clock = new ManualClock();

    HandsFreeGate gate(HandsFreeMode mode) {
        return new HandsFreeGate(mode, Phrases.english("hey bench mate"), Duration.ofSeconds(8), clock);
    }

    Heard hear(HandsFreeGate gate, String spotted) {
        return gate.decide(U, spotted, clock.instant());
    }

    @Test
    void withoutTheWakePhraseSpeechIsIgnored() {
        HandsFreeGate g = gate(HandsFreeMode.WAKE_PHRASE);
        assertInstanceOf(Heard.Ignored.class, hear(g, "[unk] [unk]"));
        assertInstanceOf(Heard.Ignored.class, hear(g, "stop"), "a command alone, at rest, is someone else talking");
    }

    @Test
    void theWakePhraseWithAQuestionIsAQuestion() {
        Heard h = hear(gate(HandsFreeMode.WAKE_PHRASE), "hey bench mate [unk] [unk]");
        assertTrue(h instanceof Heard.Question q && q.afterWakePhrase());
    }

    @Test
    void theWakePhraseAloneWakesForTheNextUtteranceWithinTheWindow() {
        HandsFreeGate g = gate(HandsFreeMode.WAKE_PHRASE);
        assertInstanceOf(Heard.Woken.class, hear(g, "hey bench mate"));
        clock.advance(3);
        assertInstanceOf(Heard.Question.class, hear(g, "[unk] [unk]"));
        assertInstanceOf(Heard.Ignored.class, hear(g, "[unk]"), "one question per wake");
    }

    @Test
    void theWakeWindowCloses() {
        HandsFreeGate g = gate(HandsFreeMode.WAKE_PHRASE);
        hear(g, "hey bench mate");
        clock.advance(9);
        assertInstanceOf(Heard.Ignored.class, hear(g, "[unk]"));
    }

    @Test
    void afterAnAnswerAFollowUpNeedsNoWakePhraseForEightSeconds() {
        HandsFreeGate g = gate(HandsFreeMode.WAKE_PHRASE);
        g.answered();
        clock.advance(7.5);
        assertTrue(g.followUpOpen());
        assertInstanceOf(Heard.Question.class, hear(g, "[unk] [unk]"));
        g.answered();
        clock.advance(8.5);
        assertInstanceOf(Heard.Ignored.class, hear(g, "[unk] [unk]"));
    }

    @Test
    void commandsAreCommandsNotQuestions() {
        HandsFreeGate g = gate(HandsFreeMode.WAKE_PHRASE);
        Heard h = hear(g, "hey bench mate new conversation");
        assertTrue(h instanceof Heard.CommandHeard c && c.command() == Command.NEW_CONVERSATION, h.toString());
        g.answered();
        assertTrue(hear(g, "repeat") instanceof Heard.CommandHeard c && c.command() == Command.REPEAT);
        g.answered();
        assertTrue(hear(g, "take a look") instanceof Heard.CommandHeard c && c.command() == Command.LOOK);
    }

    @Test
    void stopInterruptsSpeechWithoutTheWakePhrase() {
        HandsFreeGate g = gate(HandsFreeMode.WAKE_PHRASE);
        g.speaking(true);
        assertTrue(hear(g, "stop") instanceof Heard.CommandHeard c && c.command() == Command.STOP);
        g.speaking(false);
        assertInstanceOf(Heard.Ignored.class, hear(g, "stop"));
    }

    @Test
    void aCommandWordInsideASentenceIsAQuestion() {
        HandsFreeGate g = gate(HandsFreeMode.WAKE_PHRASE);
        g.answered();
        assertInstanceOf(Heard.Question.class, hear(g, "[unk] look [unk]"));
    }

    @Test
    void alwaysListeningTakesEveryUtterance() {
        HandsFreeGate g = gate(HandsFreeMode.ALWAYS_LISTENING);
        assertInstanceOf(Heard.Question.class, hear(g, "[unk]"));
        clock.advance(100);
        assertInstanceOf(Heard.Question.class, hear(g, ""));
        assertTrue(hear(g, "stop") instanceof Heard.CommandHeard);
    }

    @Test
    void pushToTalkTakesOneUtterancePerPress() {
        HandsFreeGate g = gate(HandsFreeMode.PUSH_TO_TALK);
        assertInstanceOf(Heard.Ignored.class, hear(g, "hey bench mate [unk]"));
        g.pushToTalk();
        assertInstanceOf(Heard.Question.class, hear(g, "[unk]"));
        assertInstanceOf(Heard.Ignored.class, hear(g, "[unk]"));
    }

    @Test
    void chinesePhrasesWork() {
        HandsFreeGate g = new HandsFreeGate(HandsFreeMode.WAKE_PHRASE, Phrases.chinese("你好 助手"),
                Duration.ofSeconds(8), clock);
        assertInstanceOf(Heard.Woken.class, g.decide(U, "你好 助手", clock.instant()));
        g.answered();
        Heard h = g.decide(U, "重新 开始", clock.instant());
        assertTrue(h instanceof Heard.CommandHeard c && c.command() == Command.NEW_CONVERSATION, h.toString());
    }

    @Test
    void theGrammarHoldsEveryPhraseAndUnknown() {
        var grammar = Phrases.english("hey bench mate").grammar();
        assertEquals("hey bench mate", grammar.get(0));
        assertTrue(grammar.contains("new conversation") && grammar.contains("[unk]"));
    }
}
