import type { ServiceAccess } from './service-access.js';

// A ServiceAccess entry as nats-server permissions: the publish and subscribe allow lists of one user.
// JetStream's API is reached by publishing requests to `$JS.API.*` subjects (answers come on the user's
// `_INBOX`), acks go to `$JS.ACK.<stream>.<consumer>.…`, KV writes are publishes to `$KV.<bucket>.<key>`
// (stream `KV_<bucket>`), and the services framework answers on `$SRV.*`. Everything else is denied.

export interface NatsPermissions {
  publish: { allow: string[]; deny?: string[] };
  subscribe: { allow: string[]; deny?: string[] };
  /** May answer requests it received (reply subjects), once each. */
  allowResponses: boolean;
}

const API = '$JS.API';

/** Create/update/info of a stream the user provisions. */
function provisioning(stream: string): string[] {
  return [`${API}.STREAM.CREATE.${stream}`, `${API}.STREAM.UPDATE.${stream}`, `${API}.STREAM.INFO.${stream}`];
}

/** Reading single messages of a stream: stream info (also with a subject filter), msg get, direct get. */
function singleReads(stream: string): string[] {
  return [
    `${API}.STREAM.INFO.${stream}`,
    `${API}.STREAM.MSG.GET.${stream}`,
    `${API}.DIRECT.GET.${stream}`,
    `${API}.DIRECT.GET.${stream}.>`,
  ];
}

/** One consumer (or every consumer, `*`) of a stream: create, info, fetch, ack, flow control, delete. */
function consumer(stream: string, durable: string): string[] {
  const own = durable === '*';
  return [
    `${API}.CONSUMER.CREATE.${stream}`,
    `${API}.CONSUMER.CREATE.${stream}.${durable}`,
    `${API}.CONSUMER.CREATE.${stream}.${durable}.>`,
    `${API}.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
    `${API}.CONSUMER.INFO.${stream}.${durable}`,
    `${API}.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
    `$JS.FC.${stream}.>`,
    // Ordered consumers (ephemeral) are deleted by their reader; a named durable is never deleted.
    ...(own ? [`${API}.CONSUMER.DELETE.${stream}.*`] : []),
  ];
}

/** A KV bucket: its stream provisioned, keys written and read, watched (ordered consumers). */
function bucket(name: string): string[] {
  const stream = `KV_${name}`;
  return [...provisioning(stream), ...singleReads(stream), ...consumer(stream, '*'), `$KV.${name}.>`];
}

/**
 * An object store bucket (stream `OBJ_<name>`, subjects `$O.<name>.>`): created, objects put (chunks and
 * meta), read (ordered consumers, message gets), listed, and deleted (a purge of that object's chunks only
 * reaches this bucket's stream).
 */
function objectStore(name: string): string[] {
  const stream = `OBJ_${name}`;
  return [
    ...provisioning(stream),
    ...singleReads(stream),
    ...consumer(stream, '*'),
    `${API}.STREAM.PURGE.${stream}`,
    `$O.${name}.>`,
  ];
}

/** A NATS service: discovery ($SRV.PING/INFO/STATS, all, by name, by id). Answers use allow_responses. */
function service(name: string): string[] {
  return ['$SRV.*', `$SRV.*.${name}`, `$SRV.*.${name}.*`];
}

const unique = (list: string[]) => [...new Set(list)];

export function natsPermissions(access: ServiceAccess): NatsPermissions {
  const publish = [
    ...(access.provisions.length +
      access.consumers.length +
      access.reads.length +
      access.buckets.length +
      (access.objectStores?.length ?? 0) >
    0
      ? [`${API}.INFO`]
      : []),
    ...access.provisions.flatMap(provisioning),
    ...access.reads.flatMap(singleReads),
    ...(access.messageGets ?? []).map((stream) => `${API}.STREAM.MSG.GET.${stream}`),
    ...access.consumers.flatMap((c) => consumer(c.stream, c.durable)),
    ...access.buckets.flatMap(bucket),
    ...(access.objectStores ?? []).flatMap(objectStore),
    ...access.publishes,
  ];
  const subscribe = ['_INBOX.>', ...access.subscribes, ...access.services.flatMap(service)];
  return {
    publish: { allow: unique(publish), ...(access.denies?.length ? { deny: [...access.denies] } : {}) },
    subscribe: { allow: unique(subscribe) },
    allowResponses: access.services.length > 0,
  };
}
