import { refuseRegistry } from './publish-executor';

describe('nx release publish: loopback registries only', () => {
  it('allows the local Verdaccio', () => {
    expect(refuseRegistry('http://127.0.0.1:4873/')).toBeUndefined();
    expect(refuseRegistry('http://localhost:4873')).toBeUndefined();
  });
  it('refuses the public registry, any other host, and no registry at all', () => {
    expect(refuseRegistry('https://registry.npmjs.org/')).toMatch(/loopback registry only/);
    expect(refuseRegistry('http://10.0.0.5:4873/')).toMatch(/loopback registry only/);
    expect(refuseRegistry('http://127.0.0.1.evil.example/')).toMatch(/loopback registry only/);
    expect(refuseRegistry(undefined)).toMatch(/no --registry given/);
    expect(refuseRegistry('not a url')).toMatch(/is not a URL/);
  });
});
