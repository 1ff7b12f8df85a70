package dev.benchmate.core;

/** Where the assistant is in a turn; published so the service and the console can show it. */
public enum TurnState { IDLE, LISTENING, TRANSCRIBING, THINKING, SPEAKING, FOLLOW_UP }
