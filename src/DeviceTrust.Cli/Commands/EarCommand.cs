using System.CommandLine;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust ear</c>: groups the EAR (attestation result) tools.</summary>
public sealed class EarCommand : Command
{
    public EarCommand()
        : base("ear", "Work with EAT Attestation Results (draft-ietf-rats-ear), the verifier's signed appraisals.")
    {
        Add(new EarVerifyCommand());
    }
}
