using System.CommandLine;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust voucher</c>: groups the BRSKI voucher tools.</summary>
public sealed class VoucherCommand : Command
{
    public VoucherCommand(TimeProvider timeProvider)
        : base("voucher", "Work with BRSKI vouchers and voucher-requests (RFC 8366, RFC 8995, constrained vouchers).")
    {
        Add(new VoucherInspectCommand(timeProvider));
    }
}
