/** JUnit 5 integration: a ready CAN bus per test. */
package org.panacan.junit;
