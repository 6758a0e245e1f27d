/**
 * The HTTP service: predict and enrol over the network (Javalin 7 on Jetty 12), JSON errors, bearer
 * token for writes, request and image-size limits checked before decoding, a bounded pool of
 * embedders (DJL predictors are not thread-safe).
 */
package org.arcmetric.server;
