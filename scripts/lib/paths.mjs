import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const toolsDir = path.join(root, '.tools');
// Local state (JetStream store of `npm start`); RTMS_DATA_DIR moves it (tests use a temporary folder).
export const dataDir = process.env.RTMS_DATA_DIR
  ? path.resolve(process.env.RTMS_DATA_DIR)
  : path.join(root, '.data');
