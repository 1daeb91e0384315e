using System.CommandLine;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust brski</c>: the pledge side of BRSKI (RFC 8995).</summary>
public sealed class BrskiCommand : Command
{
    public BrskiCommand(TimeProvider timeProvider)
        : base("brski", "Bootstrapping Remote Secure Key Infrastructure (RFC 8995), as a pledge.")
    {
        Add(new BrskiRequestCommand(timeProvider));
    }
}
