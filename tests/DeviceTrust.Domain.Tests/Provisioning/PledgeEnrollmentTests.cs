using DeviceTrust.Domain.Provisioning;

namespace DeviceTrust.Domain.Tests.Provisioning;

public sealed class PledgeEnrollmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Fingerprint = new('a', 64);
    private static readonly byte[] VoucherBytes = [0xD2, 0x84, 0x43];

    private static PledgeIdentity Idevid(string? fingerprint = null) =>
        new(fingerprint ?? Fingerprint, "CN=Acme Sensors SN-0001, serialNumber=SN-0001", "CN=Acme Sensors IDevID CA");

    private static PledgeEnrollment Open(EnrollmentPolicy policy = EnrollmentPolicy.OperatorApproval) =>
        PledgeEnrollment.Open(Guid.NewGuid(), "SN-0001", Guid.NewGuid(), Idevid(), policy, Now);

    /// <summary>A pledge brought to <paramref name="status"/> along the legal path.</summary>
    private static PledgeEnrollment InStatus(PledgeStatus status)
    {
        var pledge = Open();
        switch (status)
        {
            case PledgeStatus.AwaitingApproval:
                break;
            case PledgeStatus.Approved:
                pledge.Approve("user:operator", "known device", Now);
                break;
            case PledgeStatus.Rejected:
                pledge.Reject("user:operator", "not ours", Now);
                break;
            case PledgeStatus.VoucherIssued:
                pledge.Approve("user:operator", "known device", Now);
                pledge.RecordVoucher(VoucherBytes, "application/voucher+cose", Now.AddDays(1), Now);
                break;
            case PledgeStatus.Enrolled:
                pledge.Approve("user:operator", "known device", Now);
                pledge.RecordVoucher(VoucherBytes, "application/voucher+cose", Now.AddDays(1), Now);
                pledge.RecordEnrolled(Now);
                break;
        }
        Assert.Equal(status, pledge.Status);
        return pledge;
    }

    public static TheoryData<PledgeStatus> AllStatuses() => new(Enum.GetValues<PledgeStatus>());

    [Fact]
    public void Open_AutoAccept_IsApprovedByPolicyAtOnce()
    {
        var deviceId = Guid.NewGuid();
        var manufacturerId = Guid.NewGuid();

        var pledge = PledgeEnrollment.Open(deviceId, "SN-0001", manufacturerId, Idevid(), EnrollmentPolicy.AutoAccept, Now);

        Assert.Equal(PledgeStatus.Approved, pledge.Status);
        Assert.True(pledge.IsDecided);
        Assert.Equal("policy:auto-accept", pledge.DecidedBy);
        Assert.Equal(Now, pledge.DecidedAt);
        Assert.Null(pledge.DecisionReason);
        Assert.Equal(deviceId, pledge.DeviceId);
        Assert.Equal(manufacturerId, pledge.ManufacturerId);
        Assert.Equal("SN-0001", pledge.SerialNumber);
        Assert.Equal(Fingerprint, pledge.IdevidFingerprint);
        Assert.Equal("CN=Acme Sensors SN-0001, serialNumber=SN-0001", pledge.IdevidSubject);
        Assert.Equal("CN=Acme Sensors IDevID CA", pledge.IdevidIssuer);
        Assert.Equal(1, pledge.RequestCount);
        Assert.Equal(Now, pledge.RequestedAt);
        Assert.Equal(Now, pledge.LastRequestAt);
        Assert.NotEqual(Guid.Empty, pledge.Id);
        Assert.False(pledge.HasVoucher);
    }

    [Fact]
    public void Open_OperatorApproval_IsHeldUndecided()
    {
        var pledge = Open(EnrollmentPolicy.OperatorApproval);

        Assert.Equal(PledgeStatus.AwaitingApproval, pledge.Status);
        Assert.False(pledge.IsDecided);
        Assert.Null(pledge.DecidedBy);
        Assert.Null(pledge.DecidedAt);
        Assert.False(pledge.HasVoucher);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SN 0001")]
    [InlineData("SN/0001")]
    public void Open_InvalidSerial_Throws(string serial) =>
        Assert.Throws<DomainException>(() => PledgeEnrollment.Open(Guid.NewGuid(), serial, Guid.NewGuid(), Idevid(), EnrollmentPolicy.AutoAccept, Now));

    [Fact]
    public void Open_NoIdentity_ThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>(() => PledgeEnrollment.Open(Guid.NewGuid(), "SN-0001", Guid.NewGuid(), null!, EnrollmentPolicy.AutoAccept, Now));

    [Fact]
    public void Approve_AwaitingApproval_RecordsWhoWhenAndTrimmedReason()
    {
        var pledge = Open();

        pledge.Approve("user:operator", "  shipped to plant 3  ", Now.AddMinutes(5));

        Assert.Equal(PledgeStatus.Approved, pledge.Status);
        Assert.True(pledge.IsDecided);
        Assert.Equal("user:operator", pledge.DecidedBy);
        Assert.Equal(Now.AddMinutes(5), pledge.DecidedAt);
        Assert.Equal("shipped to plant 3", pledge.DecisionReason);
    }

    [Fact]
    public void Reject_AwaitingApproval_IsRejectedAndNeverHasVoucher()
    {
        var pledge = Open();

        pledge.Reject("user:operator", "unknown serial", Now.AddMinutes(5));

        Assert.Equal(PledgeStatus.Rejected, pledge.Status);
        Assert.Equal("unknown serial", pledge.DecisionReason);
        Assert.Equal("user:operator", pledge.DecidedBy);
        Assert.False(pledge.HasVoucher);
        Assert.Throws<DomainException>(() => pledge.RecordVoucher(VoucherBytes, "application/voucher+cose", null, Now));
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void ApproveAndReject_OnlyFromAwaitingApproval(PledgeStatus status)
    {
        var approved = InStatus(status);
        var rejected = InStatus(status);

        if (status == PledgeStatus.AwaitingApproval)
        {
            approved.Approve("user:operator", "ok", Now);
            rejected.Reject("user:operator", "no", Now);
            Assert.Equal(PledgeStatus.Approved, approved.Status);
            Assert.Equal(PledgeStatus.Rejected, rejected.Status);
        }
        else
        {
            var e = Assert.Throws<DomainException>(() => approved.Approve("user:other", "again", Now.AddHours(1)));
            Assert.Contains($"already {status}", e.Message, StringComparison.Ordinal);
            Assert.Throws<DomainException>(() => rejected.Reject("user:other", "again", Now.AddHours(1)));
            Assert.Equal(status, approved.Status);
            Assert.Equal(status, rejected.Status);
            Assert.NotEqual("user:other", approved.DecidedBy);
        }
    }

    [Fact]
    public void Approve_AutoAcceptedPledge_IsAlreadyDecided()
    {
        var pledge = Open(EnrollmentPolicy.AutoAccept);

        Assert.Throws<DomainException>(() => pledge.Reject("user:operator", "too late", Now));

        Assert.Equal(PledgeStatus.Approved, pledge.Status);
        Assert.Equal("policy:auto-accept", pledge.DecidedBy);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Decide_WithoutReason_IsRefusedAndStaysAwaiting(string reason)
    {
        var pledge = Open();

        Assert.Throws<DomainException>(() => pledge.Approve("user:operator", reason, Now));
        Assert.Throws<DomainException>(() => pledge.Reject("user:operator", reason, Now));

        Assert.Equal(PledgeStatus.AwaitingApproval, pledge.Status);
        Assert.Null(pledge.DecidedBy);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Decide_WithoutDecider_IsRefused(string by)
    {
        var pledge = Open();

        Assert.Throws<DomainException>(() => pledge.Approve(by, "ok", Now));
        Assert.Throws<DomainException>(() => pledge.Reject(by, "no", Now));

        Assert.Equal(PledgeStatus.AwaitingApproval, pledge.Status);
    }

    [Fact]
    public void Decide_ReasonOfMaxLength_AcceptedAndOneMoreRefused()
    {
        var tooLong = Open();
        var longest = Open();

        var e = Assert.Throws<DomainException>(() => tooLong.Reject("user:operator", new string('r', PledgeEnrollment.MaxReasonLength + 1), Now));
        longest.Reject("user:operator", new string('r', PledgeEnrollment.MaxReasonLength), Now);

        Assert.Contains($"1-{PledgeEnrollment.MaxReasonLength}", e.Message, StringComparison.Ordinal);
        Assert.Equal(PledgeStatus.AwaitingApproval, tooLong.Status);
        Assert.Equal(PledgeEnrollment.MaxReasonLength, longest.DecisionReason!.Length);
        Assert.Equal(500, PledgeEnrollment.MaxReasonLength);
    }

    [Fact]
    public void Decide_LongReasonWithinLimitOnceTrimmed_Accepted()
    {
        var pledge = Open();

        pledge.Approve("user:operator", "  " + new string('r', PledgeEnrollment.MaxReasonLength) + "  ", Now);

        Assert.Equal(new string('r', PledgeEnrollment.MaxReasonLength), pledge.DecisionReason);
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void RecordVoucher_OnlyWhenApprovedOrVoucherIssued(PledgeStatus status)
    {
        var pledge = InStatus(status);
        var later = Now.AddMinutes(10);
        byte[] voucher = [0x30, 0x82, 0x01];

        if (status is PledgeStatus.Approved or PledgeStatus.VoucherIssued)
        {
            pledge.RecordVoucher(voucher, "application/voucher-cms+json", later.AddDays(1), later);

            Assert.Equal(PledgeStatus.VoucherIssued, pledge.Status);
            Assert.Equal(voucher, pledge.Voucher);
            Assert.Equal("application/voucher-cms+json", pledge.VoucherMediaType);
            Assert.Equal(later.AddDays(1), pledge.VoucherExpiresOn);
            Assert.Equal(later, pledge.VoucherIssuedAt);
            Assert.True(pledge.HasVoucher);
        }
        else
        {
            var e = Assert.Throws<DomainException>(() => pledge.RecordVoucher(voucher, "application/voucher-cms+json", null, later));
            Assert.Contains(status.ToString(), e.Message, StringComparison.Ordinal);
            Assert.Equal(status, pledge.Status);
            Assert.NotEqual(later, pledge.VoucherIssuedAt);
        }
    }

    [Fact]
    public void RecordVoucher_Empty_IsRefusedAndStaysApproved()
    {
        var pledge = InStatus(PledgeStatus.Approved);

        Assert.Throws<DomainException>(() => pledge.RecordVoucher([], "application/voucher+cose", null, Now));
        Assert.Throws<DomainException>(() => pledge.RecordVoucher(null!, "application/voucher+cose", null, Now));

        Assert.Equal(PledgeStatus.Approved, pledge.Status);
        Assert.Null(pledge.Voucher);
    }

    [Fact]
    public void RecordVoucher_WithoutExpiry_KeepsNull()
    {
        var pledge = InStatus(PledgeStatus.Approved);

        pledge.RecordVoucher(VoucherBytes, "application/voucher+cose", null, Now);

        Assert.Null(pledge.VoucherExpiresOn);
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void RecordEnrolled_OnlyAfterTheVoucher(PledgeStatus status)
    {
        var pledge = InStatus(status);
        var later = Now.AddHours(2);

        var enrolledAt = pledge.EnrolledAt;
        if (status is PledgeStatus.VoucherIssued)
        {
            pledge.RecordEnrolled(later);

            Assert.Equal(PledgeStatus.Enrolled, pledge.Status);
            Assert.Equal(later, pledge.EnrolledAt);
            Assert.True(pledge.HasVoucher);
        }
        else
        {
            // The IDevID enrolls once: an enrolled pledge is refused too, not only one without a voucher.
            var e = Assert.Throws<DomainException>(() => pledge.RecordEnrolled(later));
            Assert.Equal(pledge.IdevidEnrollmentRefusal(later), e.Message);
            Assert.Equal(status, pledge.Status);
            Assert.Equal(enrolledAt, pledge.EnrolledAt);
        }
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void RecordVoucherStatus_OnlyOnceAVoucherWasSent(PledgeStatus status)
    {
        var pledge = InStatus(status);
        var later = Now.AddMinutes(1);

        if (status is PledgeStatus.VoucherIssued or PledgeStatus.Enrolled)
        {
            pledge.RecordVoucherStatus(false, " pinned-domain-cert did not match ", later);

            Assert.False(pledge.VoucherStatusOk);
            Assert.Equal("pinned-domain-cert did not match", pledge.VoucherStatusReason);
            Assert.Equal(later, pledge.VoucherStatusAt);
            Assert.Equal(status, pledge.Status);
        }
        else
        {
            Assert.Throws<DomainException>(() => pledge.RecordVoucherStatus(true, null, later));
            Assert.Null(pledge.VoucherStatusOk);
            Assert.Null(pledge.VoucherStatusAt);
        }
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void RecordEnrollStatus_OnlyOnceAVoucherWasIssued(PledgeStatus status)
    {
        var pledge = InStatus(status);
        var later = Now.AddMinutes(3);

        // After the voucher the pledge may report a failed enrollment too (RFC 8995 5.9.4), not only a success.
        if (status is PledgeStatus.Enrolled or PledgeStatus.VoucherIssued)
        {
            pledge.RecordEnrollStatus(status == PledgeStatus.Enrolled, "LDevID installed", later);

            Assert.Equal(status == PledgeStatus.Enrolled, pledge.EnrollStatusOk);
            Assert.Equal("LDevID installed", pledge.EnrollStatusReason);
            Assert.Equal(later, pledge.EnrollStatusAt);
        }
        else
        {
            var e = Assert.Throws<DomainException>(() => pledge.RecordEnrollStatus(true, null, later));
            Assert.Contains("has no voucher", e.Message, StringComparison.Ordinal);
            Assert.Null(pledge.EnrollStatusOk);
            Assert.Null(pledge.EnrollStatusAt);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RecordStatus_BlankReason_StoredAsNull(string? reason)
    {
        var pledge = InStatus(PledgeStatus.Enrolled);

        pledge.RecordVoucherStatus(true, reason, Now);
        pledge.RecordEnrollStatus(true, reason, Now);

        Assert.True(pledge.VoucherStatusOk);
        Assert.Null(pledge.VoucherStatusReason);
        Assert.Null(pledge.EnrollStatusReason);
    }

    [Fact]
    public void RecordStatus_LongReason_ClippedToMaxAfterTrimming()
    {
        var pledge = InStatus(PledgeStatus.Enrolled);
        var reason = "  " + new string('v', PledgeEnrollment.MaxReasonLength) + "tail";

        pledge.RecordVoucherStatus(false, reason, Now);
        pledge.RecordEnrollStatus(false, reason.Replace('v', 'e'), Now);

        Assert.Equal(new string('v', PledgeEnrollment.MaxReasonLength), pledge.VoucherStatusReason);
        Assert.Equal(new string('e', PledgeEnrollment.MaxReasonLength), pledge.EnrollStatusReason);
    }

    [Fact]
    public void RecordStatus_ReasonOfExactlyMax_KeptWhole()
    {
        var pledge = InStatus(PledgeStatus.VoucherIssued);
        var reason = new string('x', PledgeEnrollment.MaxReasonLength - 1) + "y";

        pledge.RecordVoucherStatus(false, reason, Now);

        Assert.Equal(reason, pledge.VoucherStatusReason);
    }

    [Fact]
    public void RecordVoucherStatus_Again_LatestReportWins()
    {
        var pledge = InStatus(PledgeStatus.VoucherIssued);

        pledge.RecordVoucherStatus(false, "bad voucher", Now);
        pledge.RecordVoucherStatus(true, null, Now.AddMinutes(1));

        Assert.True(pledge.VoucherStatusOk);
        Assert.Null(pledge.VoucherStatusReason);
        Assert.Equal(Now.AddMinutes(1), pledge.VoucherStatusAt);
    }

    [Fact]
    public void RecordRetry_CountsRequestsAndMovesLastRequestOnly()
    {
        var pledge = Open();

        pledge.RecordRetry(Now.AddSeconds(5));
        pledge.RecordRetry(Now.AddSeconds(10));

        Assert.Equal(3, pledge.RequestCount);
        Assert.Equal(Now.AddSeconds(10), pledge.LastRequestAt);
        Assert.Equal(Now, pledge.RequestedAt);
        Assert.Equal(PledgeStatus.AwaitingApproval, pledge.Status);
    }

    [Fact]
    public void PledgeIdentity_LowercaseHexSha256_Accepted()
    {
        var fingerprint = "0123456789abcdef" + new string('f', 48);

        var identity = Idevid(fingerprint);

        Assert.Equal(fingerprint, identity.Fingerprint);
        Assert.Equal("CN=Acme Sensors IDevID CA", identity.Issuer);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567890")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678g")]
    [InlineData("ab:def0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    public void PledgeIdentity_NotLowercaseHexSha256_Throws(string fingerprint)
    {
        var e = Assert.Throws<DomainException>(() => Idevid(fingerprint));
        Assert.Contains("lowercase hex SHA-256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PledgeIdentity_NullFingerprint_Throws() =>
        Assert.Throws<DomainException>(() => new PledgeIdentity(null!, "CN=x", "CN=y"));

    [Fact]
    public void IdevidEnrollmentRefusal_VoucherExpiredOrRejectedByThePledge_NamesWhy()
    {
        var expired = InStatus(PledgeStatus.VoucherIssued);
        var rejectedByPledge = InStatus(PledgeStatus.VoucherIssued);
        rejectedByPledge.RecordVoucherStatus(false, "pinned-domain-cert did not match", Now);
        var afterExpiry = Now.AddDays(30);

        Assert.Contains("expired", expired.IdevidEnrollmentRefusal(afterExpiry), StringComparison.Ordinal);
        Assert.Contains("rejected its voucher", rejectedByPledge.IdevidEnrollmentRefusal(Now), StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => rejectedByPledge.RecordEnrolled(Now));
        Assert.Null(InStatus(PledgeStatus.VoucherIssued).IdevidEnrollmentRefusal(Now));
    }

    [Fact]
    public void Lifecycle_EachStep_RaisesOneEventByWhoTookIt()
    {
        var pledge = Open();
        pledge.Approve("user:operator", "known device", Now);
        pledge.RecordVoucher(VoucherBytes, "application/voucher+cose", Now.AddDays(1), Now, new Uri("https://masa.example/"), "proximity");
        pledge.RecordVoucherStatus(true, null, Now, "{}");
        pledge.RecordEnrolled(Now);
        pledge.RecordEnrollStatus(true, null, Now);

        Assert.Collection(pledge.DomainEvents,
            e => Assert.Equal((PledgeStatus.AwaitingApproval, "device:SN-0001"), (Assert.IsType<PledgeOpened>(e).Status, e.By)),
            e => Assert.Equal((true, "user:operator"), (Assert.IsType<PledgeDecided>(e).Approved, e.By)),
            e => Assert.Equal(new Uri("https://masa.example/"), Assert.IsType<VoucherIssued>(e).Masa),
            e => Assert.Equal(PledgeReport.VoucherStatus, Assert.IsType<PledgeStatusReported>(e).Report),
            e => Assert.Equal(PledgeReport.EnrollStatus, Assert.IsType<PledgeStatusReported>(e).Report));
    }
}
