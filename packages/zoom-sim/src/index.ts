// @rtms/zoom-sim: Zoom's side for tests, benchmarks and `npm start`: OAuth, the RTMS REST endpoint, signed
// webhooks with retries, and the RTMS signaling/media WebSocket servers, all on one HTTP server.
//
// Drive it in-process:
//   const sim = await startZoomSimulator({ webhookUrl: 'http://127.0.0.1:3000/webhook', webhookRetryDelaysMs: [50, 100] });
//   const meeting = sim.startMeeting();            // sends meeting.started
//   // your service calls PATCH `${sim.restBaseUrl}/live_meetings/${meeting.id}/rtms_app/status` with a token
//   // from `${sim.oauthUrl}` → the simulator sends meeting.rtms_started to webhookUrl
//   sim.interruptMedia(streamId); sim.failover(streamId); sim.endMeeting(meeting.id);
//   sim.requests / sim.webhooks   // what it received / sent
//   await sim.close();
// The same actions are available over HTTP under /sim (docs/zoom-simulator.md).

export type { ZoomSimulator } from './handle.js';
export type { MeetingSpec } from './meetings.js';
export type { PeerVariants, ZoomSimulatorOptions } from './options.js';
export { SIM_DEFAULT_CREDENTIALS } from './options.js';
export type { RestRequestRecord } from './rest/http-app.js';
export { loadScenarioFile, parseScenario, ScenarioError } from './scenario/load.js';
export { startZoomSimulator } from './simulator.js';
export type { MeetingInfo, StreamInfo } from './snapshots.js';
