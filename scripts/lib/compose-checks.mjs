// What scripts/compose-check.mjs looks for in a running compose project: the demo meeting's transcript and
// delayed stop in the services' logs, and the replicas of every JetStream stream as the NATS nodes report them.

/** Log messages (services/transcript-sink/src, services/zoom-api/src) that mark the demo's progress. */
const Messages = {
  transcript: 'transcript',
  transcriptEnded: 'transcript ended',
  stopScheduled: 'delayed stop scheduled',
  stopDue: 'delayed stop due; stopping RTMS',
  stopAccepted: 'RTMS stop accepted by Zoom',
};

/**
 * Reads the logs of transcript-sink and zoom-api once and returns what the demo has done so far; times are
 * the log lines' own (pino `time`, epoch ms).
 */
export async function demoProgress(project) {
  const [sink, zoomApi] = await Promise.all([
    project.jsonLogs('transcript-sink'),
    project.jsonLogs('zoom-api'),
  ]);
  const lines = sink.filter((e) => e.msg === Messages.transcript);
  const ended = sink.find((e) => e.msg === Messages.transcriptEnded);
  const scheduled = zoomApi.find((e) => e.msg === Messages.stopScheduled);
  const due = zoomApi.find((e) => e.msg === Messages.stopDue);
  const accepted = zoomApi.find(
    (e) => e.msg === Messages.stopAccepted && e.source === 'schedule' && e.action === 'stop',
  );
  return {
    lines: lines.length,
    first: lines[0],
    scheduled,
    due,
    accepted,
    ended,
    done: lines.length > 0 && Boolean(accepted) && Boolean(ended),
  };
}

/**
 * Every stream (KV buckets included) as the NATS nodes report it through their monitoring endpoints
 * (`/varz` for the node's name, `/jsz` for its streams, fetched with the wget of the nats image). Only a
 * stream's leader knows whether its followers are current (a follower reports stale peer states), so each
 * stream is taken from the node that leads it; a stream with fewer replicas than nodes is listed by the nodes
 * that hold it only.
 * @returns {Promise<{ streams: Map<string, { configured: number, peers: number, current: number,
 *   leader: string }>, errors: string[] }>}
 */
export async function streamReplicas(project, nodes) {
  const streams = new Map();
  const errors = [];
  for (const node of nodes) {
    const varz = await monitor(project, node, '/varz', errors);
    const jsz = await monitor(project, node, '/jsz?accounts=true&streams=true&config=true', errors);
    if (!varz || !jsz) continue;
    for (const account of jsz.account_details ?? []) {
      for (const stream of account.stream_detail ?? []) {
        const leader = stream.cluster?.leader ?? varz.server_name;
        if (leader !== varz.server_name && streams.has(stream.name)) continue;
        const replicas = stream.cluster?.replicas ?? [];
        streams.set(stream.name, {
          configured: stream.config?.num_replicas ?? 1,
          peers: 1 + replicas.length,
          current: 1 + replicas.filter((r) => r.current).length,
          leader: leader === varz.server_name ? leader : '',
        });
      }
    }
  }
  return { streams, errors };
}

async function monitor(project, node, urlPath, errors) {
  const res = await project.run([
    'exec',
    '-T',
    node,
    'wget',
    '-q',
    '-O',
    '-',
    `http://127.0.0.1:8222${urlPath}`,
  ]);
  if (res.code !== 0) {
    errors.push(`${node}: ${urlPath} unreachable (${res.stderr.trim().split('\n').at(-1) || res.code})`);
    return undefined;
  }
  try {
    return JSON.parse(res.stdout);
  } catch {
    errors.push(`${node}: ${urlPath} answered no JSON`);
    return undefined;
  }
}

/** Problems with the streams' replicas, empty when every stream has `want` replicas, all current. */
export function replicaProblems({ streams, errors }, want) {
  if (errors.length > 0) return errors;
  if (streams.size === 0) return ['no JetStream stream found'];
  const problems = [];
  for (const [name, s] of streams) {
    if (s.configured !== want) problems.push(`${name}: num_replicas ${s.configured}, want ${want}`);
    else if (!s.leader) problems.push(`${name}: no node reports itself as its leader`);
    else if (s.peers !== want) problems.push(`${name}: ${s.peers} peers, want ${want}`);
    else if (s.current !== want) problems.push(`${name}: ${s.current} of ${s.peers} peers current`);
  }
  return problems;
}
