import { randomUUID } from "node:crypto";
import cluster from "node:cluster";

import { AggregatorRegistry, type Registry, type RegistryContentType } from "prom-client";

/**
 * /metrics in a cluster (WEB_CONCURRENCY > 1): the worker that receives the scrape asks the primary,
 * which gathers every worker's registry with prom-client's AggregatorRegistry (request counts and
 * histograms summed, pool gauges summed, the outbox backlog's largest reading) and answers.
 */

const REQUEST = "openent:metrics-request";
const RESPONSE = "openent:metrics-response";
const TIMEOUT_MS = 5_000;

interface MetricsMessage {
  type?: string;
  id?: string;
  text?: string;
  error?: string;
}

/** In the primary: answers the workers' requests for the cluster's metrics. */
export function servePrimaryMetrics(aggregator: AggregatorRegistry<RegistryContentType>): void {
  cluster.on("message", (worker, message: MetricsMessage) => {
    if (message?.type !== REQUEST) return;
    aggregator.clusterMetrics().then(
      (text: string) => worker.send({ type: RESPONSE, id: message.id, text }),
      (error: unknown) => worker.send({ type: RESPONSE, id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

/** In a worker: reports `registry` to the primary's aggregator, and renders /metrics by asking the primary. */
export function clusterMetricsRender(registry: Registry): () => Promise<{ contentType: string; text: string }> {
  AggregatorRegistry.setRegistries([registry]);
  // Constructing one is what makes prom-client answer the primary's requests in a worker.
  new AggregatorRegistry();
  return () =>
    new Promise((resolve, reject) => {
      const id = randomUUID();
      const onMessage = (message: MetricsMessage) => {
        if (message?.type !== RESPONSE || message.id !== id) return;
        done();
        if (message.error !== undefined) reject(new Error(message.error));
        else resolve({ contentType: registry.contentType, text: message.text ?? "" });
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error("cluster metrics: no answer from the primary"));
      }, TIMEOUT_MS);
      const done = () => {
        clearTimeout(timer);
        process.off("message", onMessage);
      };
      process.on("message", onMessage);
      process.send?.({ type: REQUEST, id });
    });
}
