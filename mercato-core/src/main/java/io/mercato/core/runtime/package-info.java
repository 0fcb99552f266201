/**
 * Runtime-neutral value types and exceptions shared by the runtimes (embedded engine, cluster) and
 * the HTTP edge: an ingest report ({@link io.mercato.core.runtime.IngestResult}), a scope's
 * statistics ({@link io.mercato.core.runtime.ScopeStats}, {@link io.mercato.core.runtime.Scope}),
 * and the two refusals every runtime may answer with ({@link
 * io.mercato.core.runtime.EngineUnavailableException}, {@link
 * io.mercato.core.runtime.BackpressureException}).
 *
 * <p>This is the first step of issue 14 item 2 (ports out of HTTP): the port interfaces themselves
 * still live in {@code io.mercato.server.backend}; they move here (or to a small api module) once
 * they no longer return engine types. Like the rest of core, nothing here may depend on the engine,
 * server or any framework.
 */
package io.mercato.core.runtime;
