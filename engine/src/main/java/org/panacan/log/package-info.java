/**
 * Frame logs: can-utils' candump log format ({@link org.panacan.log.CandumpLogReader},
 * {@link org.panacan.log.CandumpLogWriter}) and cansend frame syntax ({@link org.panacan.log.CanSendSyntax}),
 * Vector ASC ({@link org.panacan.log.AscLogReader}, {@link org.panacan.log.AscLogWriter}), and a time-accurate
 * replayer ({@link org.panacan.log.LogReplayer}). Readers and writers stream line by line and allocate nothing per
 * frame; a malformed line is a {@link org.panacan.log.FrameSyntaxException} with its line, column and reason.
 */
package org.panacan.log;
