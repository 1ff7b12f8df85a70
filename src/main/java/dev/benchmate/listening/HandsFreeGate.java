package dev.benchmate.listening;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Decides what an utterance is: a question, a command, the wake phrase, or not for Benchmate.
 *
 * <p>Wake-phrase mode: the wake phrase opens the gate, with the question in the same utterance or
 * in the next one (within the follow-up window); after an answer the follow-up window (default
 * 8 s) takes a question without the wake phrase. Commands count after the wake phrase, in the
 * window, or while Benchmate speaks (so "stop" can interrupt it). Always-listening: every
 * utterance is a question or a command. Push-to-talk: only an utterance that starts while
 * push-to-talk is armed counts; each press arms it for one utterance or the window.
 */
public final class HandsFreeGate {
    private final HandsFreeMode mode;
    private final Phrases phrases;
    private final Duration followUpWindow;
    private final InstantSource clock;
    private Instant openUntil = Instant.MIN;
    private boolean speaking;

    public HandsFreeGate(HandsFreeMode mode, Phrases phrases, Duration followUpWindow, InstantSource clock) {
        this.mode = mode;
        this.phrases = phrases;
        this.followUpWindow = followUpWindow;
        this.clock = clock;
    }

    public HandsFreeMode mode() {
        return mode;
    }

    /**
     * @param spotted the phrase spotter's words for the utterance ("" where no spotter runs)
     * @param startedAt when the utterance started
     */
    public synchronized Heard decide(Utterance utterance, String spotted, Instant startedAt) {
        Phrases.Meaning m = phrases.interpret(spotted);
        boolean open = !startedAt.isAfter(openUntil);
        boolean mayCommand = m.wake() || open || speaking || mode == HandsFreeMode.ALWAYS_LISTENING;
        if (m.command().isPresent() && !m.otherSpeech() && mayCommand) {
            openUntil = Instant.MIN;
            return new Heard.CommandHeard(m.command().get(), utterance);
        }
        switch (mode) {
            case ALWAYS_LISTENING -> {
                return new Heard.Question(utterance, m.wake());
            }
            case PUSH_TO_TALK -> {
                if (open) {
                    openUntil = Instant.MIN;
                    return new Heard.Question(utterance, false);
                }
                return new Heard.Ignored(utterance, "push-to-talk was not pressed");
            }
            default -> {
                if (m.wake() && !m.otherSpeech()) {
                    openUntil = clock.instant().plus(followUpWindow);
                    return new Heard.Woken(utterance);
                }
                if (m.wake() || open) {
                    openUntil = Instant.MIN;
                    return new Heard.Question(utterance, m.wake());
                }
                return new Heard.Ignored(utterance, "no wake phrase");
            }
        }
    }

    /** An answer has been given: a follow-up question needs no wake phrase for a while. */
    public synchronized void answered() {
        openUntil = clock.instant().plus(followUpWindow);
    }

    /**
     * Whether speech over an answer may stop it (barge-in on speech): where a question needs no
     * wake phrase (always listening) or is a follow-up to the answer being spoken (wake phrase);
     * never with push-to-talk.
     */
    public boolean speechMayBargeIn() {
        return mode != HandsFreeMode.PUSH_TO_TALK;
    }

    /** A person spoke over the answer: what they say is a follow-up, as after the answer's end. */
    public synchronized void bargedIn() {
        openUntil = clock.instant().plus(followUpWindow);
    }

    /** Push-to-talk pressed (through the service). */
    public synchronized void pushToTalk() {
        openUntil = clock.instant().plus(followUpWindow);
    }

    /** While Benchmate speaks, commands need no wake phrase (barge-in). */
    public synchronized void speaking(boolean nowSpeaking) {
        this.speaking = nowSpeaking;
    }

    public synchronized boolean followUpOpen() {
        return !clock.instant().isAfter(openUntil);
    }
}
