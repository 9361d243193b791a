import next from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Dependencies run one way: app → db → lib. lib/ is pure domain logic and never reaches back into the database
// or the app; the app reaches the database only through the query functions, which take the actor and check it.
const LIB_STAYS_PURE = {
  patterns: [{ group: ['@/db', '@/db/*', '@/app/*', '**/db/*', '**/app/*'], message: 'lib/ holds pure domain logic: dependencies run app → db → lib, never back. Move code that needs the database beside the queries in db/.' }],
};
const APP_USES_QUERIES = {
  paths: [
    { name: '@/db', message: 'Pages and routes call db/queries functions, which check the actor; they never open the database themselves.' },
    { name: '@/db/index', message: 'Pages and routes call db/queries functions, which check the actor; they never open the database themselves.' },
    { name: '@/db/connection', message: 'Pages and routes call db/queries functions, which check the actor; they never open the database themselves.' },
    { name: '@/db/queries/access', message: 'The require… funnels are internal to the data layer; call a query function instead.' },
    { name: '@/db/queries/executor', message: 'Transactions are internal to the data layer; call a query function instead.' },
  ],
  patterns: [{ group: ['@/db/schema'], allowTypeImports: true, message: 'Tables stay in the data layer (types are fine); enums live in lib/domain/enums.' }],
};

const config = [
  ...next,
  ...nextTs,
  { ignores: ['.next/**', 'node_modules/**', 'data/**', 'tmp/**', 'test-results/**', 'playwright-report/**', 'db/migrations/**', 'next-env.d.ts'] },
  { files: ['lib/**/*.ts', 'lib/**/*.tsx'], rules: { 'no-restricted-imports': ['error', LIB_STAYS_PURE] } },
  { files: ['app/**/*.ts', 'app/**/*.tsx'], rules: { 'no-restricted-imports': ['error', APP_USES_QUERIES] } },
];
export default config;
