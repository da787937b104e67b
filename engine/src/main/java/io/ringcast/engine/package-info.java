/**
 * placeholder
 */
package io.ringcast.engine;
