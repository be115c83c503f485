import { formatDetails } from './doctor';

describe('zoo doctor', () => {
  it("prints a backend package's details as key value pairs, in its order", () => {
    expect(formatDetails({ cKernels: true, cKernelLibrary: '/x/libzoo_kernels.so', threads: 2 })).toBe('cKernels true, cKernelLibrary /x/libzoo_kernels.so, threads 2');
    expect(formatDetails({})).toBe('');
  });
});
