/** The {@code panacan} command line: can-utils-like tools on the panacan engine. */
package org.panacan.cli;
