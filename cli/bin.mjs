#!/usr/bin/env node
// The `budgets` command: TypeScript run through tsx's loader, as `npm start` runs the server.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
