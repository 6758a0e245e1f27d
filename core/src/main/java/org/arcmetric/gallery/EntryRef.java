package org.arcmetric.gallery;

/**
 * One gallery entry without its vector: what listing a class shows.
 *
 * @param id the entry's id, given when it was added
 * @param label its class
 * @param source the image it was embedded from, as stored at enrolment, or null
 */
public record EntryRef(String id, String label, String source) {}
