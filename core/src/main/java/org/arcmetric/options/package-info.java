/**
 * What every layer of the core shares about the options users give: {@link
 * org.arcmetric.options.InvalidOptionException} (messages that name fields, which each front end
 * renders in its own terms) and {@link org.arcmetric.options.Choices} (parsing a word into one of a
 * fixed set of choices, with the valid ones in the message). Depends on nothing else in the
 * project.
 */
package org.arcmetric.options;
