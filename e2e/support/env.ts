import path from 'node:path';

export const E2E_PORT = Number(process.env.E2E_PORT || 3210);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_DIR = path.join(process.cwd(), 'tmp', 'e2e');
export const E2E_STATE_FILE = path.join(E2E_DIR, 'state.json');

export type E2EState = { dataDir: string; logFile: string; setupLink: string; pid: number };
