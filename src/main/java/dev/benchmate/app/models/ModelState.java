package dev.benchmate.app.models;

/** What is in a model's place. */
public enum ModelState {
    MISSING("missing"),
    /** There, of the right size (or an unpacked archive with its record); the checksum was not computed. */
    PRESENT("present"),
    CHECKSUM_OK("checksum ok"),
    WRONG("wrong"),
    /** There, but nothing can tell whether it is the right one: no checksum is known for it. */
    UNVERIFIED("unverified");

    private final String label;

    ModelState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A state that lets Benchmate run: verify accepts it. */
    public boolean usable() {
        return this == PRESENT || this == CHECKSUM_OK || this == UNVERIFIED;
    }
}
