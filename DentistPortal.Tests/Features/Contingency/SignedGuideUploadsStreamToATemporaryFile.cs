using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Tiss;
using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Storage;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace DentistPortal.Tests.Features.Contingency;

/// <summary>
/// Issue 10 ("Transport and headers"): a signed-guide upload streams to a temporary file of the scans folder with the
/// 10 MB limit counted while reading, and no failure path (too big, bad content, refusal, cancellation mid-upload, a
/// process stopped between commit and move) leaves a file behind.
/// </summary>
public class SignedGuideUploadsStreamToATemporaryFile(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    private string Incoming => Path.Combine(database.ScansFolder, FileScanStorage.IncomingFolderName);
    private string[] IncomingFiles() => Directory.Exists(Incoming) ? Directory.GetFiles(Incoming) : [];
    private string[] StoredFiles() => Directory.Exists(database.ScansFolder) ? Directory.GetFiles(database.ScansFolder) : [];

    private async Task<(int Id, Actor Staff)> PrintedGuideAsync()
    {
        var id = await s.SubmittedTreatmentAsync();
        var staff = await s.StaffAsync();
        string number;
        await using (var db = await s.ContextAsync())
            number = await db.Treatments.Where(t => t.Id == id).Select(t => t.Number).SingleAsync();
        Assert.True((await s.Handler<RecordContingencyHandler>().HandleAsync(new(number, Tuss74.RefusedToInform), staff)).IsOk);
        return (id, staff);
    }

    private async Task<bool> AnyGuideAsync(int treatmentId)
    {
        await using var db = await s.ContextAsync();
        return await db.SignedGuides.AnyAsync(g => g.TreatmentId == treatmentId);
    }

    [Fact]
    public async Task AnUploadCancelledHalfwayLeavesNoFileAndNoRow()
    {
        var (id, staff) = await PrintedGuideAsync();
        var before = StoredFiles();
        var scan = ScanFiles.Pdf(pages: 40);
        using var cts = new CancellationTokenSource();
        var upload = new HalfThenHangingStream(scan);

        var handling = s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.pdf", upload), staff, cts.Token);
        await upload.HalfRead.Task.WaitAsync(TimeSpan.FromSeconds(20));
        // Half the scan has arrived: it sits in a temporary file of the scans folder, not in memory.
        var partial = Assert.Single(IncomingFiles());
        Assert.EndsWith(FileScanStorage.PartSuffix, partial, StringComparison.Ordinal);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handling);
        Assert.Empty(IncomingFiles());
        Assert.Equal(before, StoredFiles());
        Assert.False(await AnyGuideAsync(id));
    }

    [Fact]
    public async Task AnEndlessUploadIsReadOnlyToTheLimitPlusOneByteAndRefused()
    {
        var (id, staff) = await PrintedGuideAsync();
        var before = StoredFiles();
        var endless = new EndlessPdfStream();

        var result = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.pdf", endless), staff);

        Assert.Equal(RegisterSignedGuideHandler.TooLargeMessage, result.Errors.Single());
        Assert.Equal(ScanFormat.MaxBytes + 1, endless.BytesRead);
        Assert.Empty(IncomingFiles());
        Assert.Equal(before, StoredFiles());
        Assert.False(await AnyGuideAsync(id));
    }

    [Fact]
    public async Task AnUploadTheRulesRefuseIsNotReadAtAll()
    {
        // Found by the attack on issue 10: a 62 KB interlaced PNG (7,999 px a side) was staged and fully decoded (256 MB)
        // before the "print the guide first" refusal. Who may send and whether the treatment takes a guide come first now.
        var notPrinted = await s.SubmittedTreatmentAsync();
        var staff = await s.StaffAsync();
        var upload = new EndlessPdfStream();

        var refused = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(notPrinted, "guia.png", upload), staff);

        Assert.Equal(RegisterSignedGuideHandler.NotPrintedMessage, refused.Errors.Single());
        Assert.Equal(0, upload.BytesRead);
        var otherClinic = await DemoActors.ForAsync(database.Services, "recepcao3@demo.local");
        var stranger = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(notPrinted, "guia.png", upload), otherClinic);
        Assert.Equal(ResultStatus.NotFound, stranger.Status);
        Assert.Equal(0, upload.BytesRead);
        Assert.Empty(IncomingFiles());
    }

    [Fact]
    public async Task AScanRefusedForItsContentOrByTheRulesLeavesTheFoldersAsTheyWere()
    {
        var before = StoredFiles();
        var (id, staff) = await PrintedGuideAsync();
        var badContent = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.png", ScanFiles.TruncatedPng()), staff);
        Assert.Equal(RegisterSignedGuideHandler.UnreadableImageMessage, badContent.Errors.Single());

        // A readable scan refused by the rules (no printed guide, no contingency number): refused after it was staged.
        var notPrinted = await s.SubmittedTreatmentAsync();
        var refused = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(notPrinted, "guia.pdf", ScanFiles.Pdf()), staff);
        Assert.Equal(ResultStatus.Invalid, refused.Status);

        Assert.Empty(IncomingFiles());
        Assert.Equal(before, StoredFiles());
        Assert.False(await AnyGuideAsync(id));
        Assert.False(await AnyGuideAsync(notPrinted));
    }

    [Fact]
    public async Task AnAcceptedScanLeavesExactlyOnePrivateFileNamedAsItsRow()
    {
        var (id, staff) = await PrintedGuideAsync();
        var before = StoredFiles();
        var scan = ScanFiles.Png();

        var result = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.png", scan), staff);

        Assert.True(result.IsOk, string.Join(";", result.Errors));
        var added = Assert.Single(StoredFiles().Except(before));
        await using var db = await s.ContextAsync();
        var guide = await db.SignedGuides.SingleAsync(g => g.TreatmentId == id);
        Assert.Equal(guide.StoredFileName, Path.GetFileName(added));
        Assert.Equal(scan, await File.ReadAllBytesAsync(added));
        Assert.Empty(IncomingFiles());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(added));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(database.ScansFolder));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Incoming));
        }
    }

    [Fact]
    public async Task RecoveryPutsACommittedScanInPlaceDeletesDeadUploadsAndLeavesLiveOnesAlone()
    {
        var (id, staff) = await PrintedGuideAsync();
        Assert.True((await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.pdf", ScanFiles.Pdf()), staff)).IsOk);
        string stored;
        await using (var db = await s.ContextAsync())
            stored = (await db.SignedGuides.SingleAsync(g => g.TreatmentId == id)).StoredFileName;

        // What a process killed at those moments leaves: a committed scan not yet moved, a reserved scan whose commit never
        // happened, a half-received upload; all written an hour ago. Plus an upload arriving right now.
        var old = DateTime.UtcNow.AddHours(-1);
        var committed = Path.Combine(Incoming, stored);
        File.Move(Path.Combine(database.ScansFolder, stored), committed);
        var uncommitted = Path.Combine(Incoming, $"{Guid.NewGuid():N}.pdf");
        var dead = Path.Combine(Incoming, $"{Guid.NewGuid():N}{FileScanStorage.PartSuffix}");
        var live = Path.Combine(Incoming, $"{Guid.NewGuid():N}{FileScanStorage.PartSuffix}");
        await File.WriteAllBytesAsync(uncommitted, ScanFiles.Pdf());
        await File.WriteAllBytesAsync(dead, [1, 2, 3]);
        await File.WriteAllBytesAsync(live, [4, 5, 6]);
        foreach (var f in new[] { committed, uncommitted, dead }) File.SetLastWriteTimeUtc(f, old);

        var recovery = new ScanStorageRecovery(s.Handler<IScanStorage>(), s.Handler<IDbContextFactory<AppDbContext>>(), NullLogger<ScanStorageRecovery>.Instance);
        var pass = await recovery.RunOnceAsync(CancellationToken.None);

        Assert.Equal(new ScanRecoveryPass(PutInPlace: 1, Deleted: 2), pass);
        Assert.True(File.Exists(Path.Combine(database.ScansFolder, stored)));
        Assert.Equal([live], IncomingFiles());
        File.Delete(live);
    }

    /// <summary>An upload that sends the first half, then hangs until the request is cancelled (a browser gone quiet).</summary>
    private sealed class HalfThenHangingStream(byte[] content) : Stream
    {
        private int position;
        public TaskCompletionSource HalfRead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var half = content.Length / 2;
            if (position >= half)
            {
                HalfRead.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            var n = Math.Min(Math.Min(buffer.Length, 16 * 1024), half - position);
            content.AsMemory(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Uploads are read asynchronously.");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A "PDF" that never ends; counts what was read from it.</summary>
    private sealed class EndlessPdfStream : Stream
    {
        public long BytesRead { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var span = buffer.Span;
            span.Fill((byte)' ');
            if (BytesRead == 0 && span.Length >= 5) "%PDF-"u8.CopyTo(span);
            BytesRead += buffer.Length;
            return ValueTask.FromResult(buffer.Length);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Uploads are read asynchronously.");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
