using System.CommandLine;
using DeviceTrust.Cli.Est;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust est</c>: an EST client (RFC 7030) for the registrar's /.well-known/est.</summary>
public sealed class EstCommand : Command
{
    public EstCommand(TimeProvider timeProvider)
        : base("est", "Enrollment over Secure Transport (RFC 7030): CA certificates, enrollment, renewal, server key generation.")
    {
        Add(new EstCaCertsCommand(timeProvider));
        Add(new EstEnrollCommand(EstOperation.Enroll, timeProvider));
        Add(new EstEnrollCommand(EstOperation.Reenroll, timeProvider));
        Add(new EstEnrollCommand(EstOperation.ServerKeyGen, timeProvider));
    }
}
