using System.CommandLine;
using DeviceTrust.Cli;

var invocation = new InvocationConfiguration
{
    // Stopping a large fleet closes every connection; give it time before the process is torn down.
    ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
};
return await CliApplication.RunAsync(args, invocation);
