/**
 * JUnit 5 integration: a ready CAN bus per test. Annotate a test parameter with {@link org.panacan.junit.CanTestBus}
 * to receive a {@link org.panacan.CanBus}, the interface name, or the {@link org.panacan.junit.CanTestNetwork} on a
 * fresh vcan, a vxcan pair or the in-process virtual bus, removed after the test.
 */
package org.panacan.junit;
