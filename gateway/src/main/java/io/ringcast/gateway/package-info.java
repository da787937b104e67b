/**
 * The Undertow WebSocket gateway speaking protocol v1, and the ringcast daemon (issue 4).
 */
package io.ringcast.gateway;
