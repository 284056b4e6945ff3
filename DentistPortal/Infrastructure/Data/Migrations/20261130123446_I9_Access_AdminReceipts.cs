using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DentistPortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class I9_Access_AdminReceipts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AdminReceipts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ActorUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    AtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    SubjectUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdminReceipts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AdminReceipts_ActorUserId_Action_Key_AtUtc",
                table: "AdminReceipts",
                columns: new[] { "ActorUserId", "Action", "Key", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AdminReceipts_AtUtc",
                table: "AdminReceipts",
                column: "AtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdminReceipts");
        }
    }
}
