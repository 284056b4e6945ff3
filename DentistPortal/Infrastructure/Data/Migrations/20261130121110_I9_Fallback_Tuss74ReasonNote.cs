using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DentistPortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class I9_Fallback_Tuss74ReasonNote : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReasonNote",
                table: "ContingencyRecords",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            // Issue 9 §8 / SPEC §9: "NT" was never a TUSS 74 code. "Dentista não conseguiu gerar o token" is 03, its text kept apart;
            // a treatment validated by token (status Validated) carries no absence reason.
            migrationBuilder.Sql("UPDATE ContingencyRecords SET ReasonCode = '03', ReasonNote = 'Dentista não conseguiu gerar o token' WHERE ReasonCode = 'NT';");
            migrationBuilder.Sql("UPDATE Treatments SET MissingTokenReason = '03' WHERE MissingTokenReason = 'NT';");
            migrationBuilder.Sql("UPDATE Treatments SET MissingTokenReason = NULL WHERE Status = 'Validated';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE ContingencyRecords SET ReasonCode = 'NT' WHERE ReasonCode = '03' AND ReasonNote = 'Dentista não conseguiu gerar o token';");
            migrationBuilder.DropColumn(
                name: "ReasonNote",
                table: "ContingencyRecords");
        }
    }
}
