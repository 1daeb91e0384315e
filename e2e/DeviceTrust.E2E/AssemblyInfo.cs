using DeviceTrust.E2E.Infrastructure;
using Xunit.Sdk;
using Xunit.v3;

// One app and one browser for the whole run. The tests share that app's database (a device registered by one test
// is counted on the fleet overview of another), so they run one at a time.
[assembly: AssemblyFixture(typeof(AppFixture))]
[assembly: Parallelization(Mode = ParallelMode.None)]
