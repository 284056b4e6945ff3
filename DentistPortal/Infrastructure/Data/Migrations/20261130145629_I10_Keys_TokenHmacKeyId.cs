using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DentistPortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class I10_Keys_TokenHmacKeyId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HmacKeyId",
                table: "Tokens",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "legacy"); // hashes made before key ids: the single key of earlier versions (docs/operations.md)

            migrationBuilder.AddColumn<string>(
                name: "HmacKeyId",
                table: "ContactChangeRequests",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "legacy"); // hashes made before key ids: the single key of earlier versions (docs/operations.md)
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HmacKeyId",
                table: "Tokens");

            migrationBuilder.DropColumn(
                name: "HmacKeyId",
                table: "ContactChangeRequests");
        }
    }
}
